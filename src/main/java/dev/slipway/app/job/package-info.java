/** Background work: the worker that runs durable jobs, and one handler per kind of job. */
package dev.slipway.app.job;
