-- The asking message, where a surface shows a reaction; it differs from the thread when a mention is itself a
-- reply in a thread. Rows from before asked at the top of a channel: their thread was the message.
ALTER TABLE deployments ADD COLUMN origin_message TEXT;
UPDATE deployments SET origin_message = origin_thread;
