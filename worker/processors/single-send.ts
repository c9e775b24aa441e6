import { runScheduledTrigger } from "@/server/domain/single-sends/schedules";
import { createDispatcher } from "../dispatch";

export const singleSendProcessor = createDispatcher("single-send", {
  "scheduled-trigger": runScheduledTrigger,
});
