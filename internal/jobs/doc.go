// Package jobs runs Extralit's background work on durable queues that live
// in the database (River, on SQLite or PostgreSQL), so that a job commits in
// the same transaction as the data it concerns and nothing else has to run.
//
// The queues are the reference's: high (webhook deliveries), default
// (dataset and document work) and ocr (PDF text extraction). A Registry
// names every job kind with its queue, timeout, attempts and retry backoff;
// a Client enqueues jobs (also inside a caller's transaction), reads and
// controls them for the API, and, when given queues, works them with a
// fixed number of workers per process. River stays inside this package: the
// rest of the program sees extralit.Job and extralit.JobQueue.
package jobs
