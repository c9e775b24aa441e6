import { createDispatcher } from "../dispatch";

export const singleSendProcessor = createDispatcher("single-send", {});
