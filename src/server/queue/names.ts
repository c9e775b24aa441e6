export const QUEUE_NAMES = ["single-send", "segment", "send", "events", "dead-letter"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];
