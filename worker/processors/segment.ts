import { buildSnapshots } from "@/server/domain/single-sends/run-lifecycle";
import { createDispatcher } from "../dispatch";

export const segmentProcessor = createDispatcher("segment", {
  "build-snapshots": buildSnapshots,
});
