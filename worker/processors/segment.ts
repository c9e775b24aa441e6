import { createDispatcher } from "../dispatch";

export const segmentProcessor = createDispatcher("segment", {});
