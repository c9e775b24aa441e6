import { createDispatcher } from "../dispatch";

export const eventsProcessor = createDispatcher("events", {});
