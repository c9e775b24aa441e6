import { generateOpenApiDocument } from "trpc-to-openapi";
import { appRouter } from "./root";

export const REST_BASE_PATH = "/api/v1";

export function openApiDocument(baseUrl: string) {
  return generateOpenApiDocument(appRouter, {
    title: "EmailOps API",
    version: "1.0.0",
    description: "Every operation needs `Authorization: Bearer <api key>`; create keys under Settings → API keys.",
    baseUrl: `${baseUrl.replace(/\/$/, "")}${REST_BASE_PATH}`,
  });
}
