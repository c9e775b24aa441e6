import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUE_NAMES, type QueueName } from "./names";
import { jobDefinitions, type JobName, type JobPayload } from "./registry";

/** Producer side of every queue; the web app and the worker both enqueue through this. */
export class Queues {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, options: { jobId?: string } = {}) {
    const definition = jobDefinitions[name];
    const data = definition.schema.parse(payload);
    return this.get(definition.queue).add(name, data, { ...definition.options, ...options });
  }

  /** Many jobs of one kind in one Redis round trip; a job whose id already exists is left as is. */
  async enqueueMany<N extends JobName>(name: N, jobs: { payload: JobPayload<N>; jobId: string }[]) {
    if (jobs.length === 0) return [];
    const definition = jobDefinitions[name];
    return this.get(definition.queue).addBulk(
      jobs.map((job) => ({ name, data: definition.schema.parse(job.payload), opts: { ...definition.options, jobId: job.jobId } })),
    );
  }

  all(): Queue[] {
    return QUEUE_NAMES.map((name) => this.get(name));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}
