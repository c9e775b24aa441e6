import { z } from "zod";
import { runStatus } from "@/server/db/schema";

/** A run as the API shows it (campaign group triggers and single send runs): the output schema of RunSummary. */
export const runSummaryOutput = z.object({
  id: z.string(),
  singleSendId: z.string(),
  singleSendName: z.string(),
  status: z.enum(runStatus.enumValues),
  campaignGroupId: z.string().nullable(),
  priority: z.number().int(),
  triggerId: z.string(),
  triggeredBy: z.string(),
  segmentParams: z.record(z.string(), z.unknown()),
  templateVersionId: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
});
