import { describe, expect, it } from "vitest";
import { buildConfig, emptyConfigValues, fieldErrorsFromMessage } from "./data-connector-types";

describe("data connector form helpers", () => {
  it("sends only the selected engine's fields, leaving out empty optional ones", () => {
    const values = { ...emptyConfigValues, connectionString: "postgres://r@h/d", projectId: "p", credentialsJson: "{}", sslCa: "PEM" };
    expect(buildConfig("POSTGRES", values)).toEqual({ connectionString: "postgres://r@h/d", ssl: { mode: "disable" } });
    expect(buildConfig("POSTGRES", { ...values, sslMode: "verify-full" })).toEqual({
      connectionString: "postgres://r@h/d",
      ssl: { mode: "verify-full", ca: "PEM" },
    });
    expect(buildConfig("BIGQUERY", values)).toEqual({ projectId: "p", credentialsJson: "{}" });
    expect(buildConfig("BIGQUERY", { ...values, location: " EU ", maximumBytesBilled: "1000" })).toEqual({
      projectId: "p",
      credentialsJson: "{}",
      location: "EU",
      maximumBytesBilled: "1000",
    });
  });

  it("maps server messages to the fields they name", () => {
    expect(fieldErrorsFromMessage("config.connectionString: Connection string is required; name: Name is required")).toEqual({
      connectionString: "Connection string is required",
      name: "Name is required",
    });
    expect(fieldErrorsFromMessage("config.ssl.mode: Invalid option")).toEqual({ sslMode: "Invalid option" });
    expect(fieldErrorsFromMessage("Only admins can do this.")).toEqual({ "": "Only admins can do this." });
  });
});
