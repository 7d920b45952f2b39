-- The response URL of the slash command that asked for a deployment, kept while Slack honours it (30 minutes, at
-- most 5 posts) so that a report the bot cannot post in the channel (not a member, archived) still reaches the
-- channel. url is a credential (whoever holds it can post there): it is stored sealed. uses counts the posts made
-- through it; hinted_at is when the asker was told how to invite the bot, which happens once. The row goes when the
-- deployment has ended and its last report is out.
CREATE TABLE response_urls (
    deployment_id  BIGINT  NOT NULL PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
    url            TEXT    NOT NULL,
    expires_at     BIGINT  NOT NULL,
    uses           INTEGER NOT NULL DEFAULT 0,
    hinted_at      BIGINT
);
