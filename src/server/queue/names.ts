export const QUEUE_NAMES = ["single-send", "segment", "send", "events", "dead-letter"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const DEAD_LETTER_QUEUE = "dead-letter" satisfies QueueName;
/** Queues drained by the worker; dead-letter is only inspected and re-driven, never consumed. */
export type WorkerQueueName = Exclude<QueueName, typeof DEAD_LETTER_QUEUE>;
export const WORKER_QUEUES = QUEUE_NAMES.filter((name): name is WorkerQueueName => name !== DEAD_LETTER_QUEUE);

export function isWorkerQueue(name: string): name is WorkerQueueName {
  return (WORKER_QUEUES as readonly string[]).includes(name);
}
