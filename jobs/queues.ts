// Every pg-boss queue, its payload and its policy, in one place. Web and worker both read this.
// Expiry is short (JOB_EXPIRE_SECONDS): a job whose worker died comes back within seconds.
// After the last retry a job moves to the dead-letter queue, from where it can be replayed.
import type { Queue } from 'pg-boss';

export type QueuePayloads = {
  'send-email': { emailId: string };
  'dead-letter': Record<string, unknown>;
};

export type QueueName = keyof QueuePayloads;

export const DEAD_LETTER_QUEUE: QueueName = 'dead-letter';

type Policy = { expireInSeconds: number; retryLimit: number; retryDelay: number };

export function queuePolicies(policy: Policy): Record<QueueName, Omit<Queue, 'name'>> {
  const retried = { ...policy, retryBackoff: true, retryDelayMax: 300, deadLetter: DEAD_LETTER_QUEUE };
  return {
    'send-email': retried,
    // Kept for a month for an operator to inspect and replay; never retried by itself.
    'dead-letter': { retryLimit: 0, retentionSeconds: 30 * 24 * 3600, deleteAfterSeconds: 30 * 24 * 3600 },
  };
}
