import { describe, expect, it } from "vitest";
import { buildConfig, emptyConfigValues, fieldErrorsFromMessage } from "./connector-types";

describe("email connector form helpers", () => {
  const values = {
    ...emptyConfigValues,
    region: " eu-west-1 ",
    accessKeyId: "AKIA",
    secretAccessKey: " secret with spaces ",
    apiKey: "re_key",
    host: "smtp.acme.test",
    port: "465",
    secure: true,
  };

  it("sends only the selected type's settings, leaving out empty optional ones and keeping secrets as typed", () => {
    expect(buildConfig("DEV_INBOX", values)).toEqual({});
    expect(buildConfig("SES", values)).toEqual({ region: "eu-west-1", accessKeyId: "AKIA", secretAccessKey: " secret with spaces " });
    expect(buildConfig("SES", { ...values, configurationSetName: "events", endpoint: "http://127.0.0.1:4566" })).toMatchObject({
      configurationSetName: "events",
      endpoint: "http://127.0.0.1:4566",
    });
    expect(buildConfig("RESEND", values)).toEqual({ apiKey: "re_key" });
    expect(buildConfig("SMTP", values)).toEqual({ host: "smtp.acme.test", port: 465, secure: true });
    expect(buildConfig("SMTP", { ...values, username: "mailer", password: "pw", maxConnections: "10" })).toEqual({
      host: "smtp.acme.test",
      port: 465,
      secure: true,
      username: "mailer",
      password: "pw",
      maxConnections: 10,
    });
  });

  it("passes a port that is not a number as text so the server can name the problem", () => {
    expect(buildConfig("SMTP", { ...values, port: "smtp" })).toMatchObject({ port: "smtp" });
    expect(buildConfig("SMTP", { ...values, port: " " })).not.toHaveProperty("port");
  });

  it("maps server messages to the fields they name", () => {
    expect(fieldErrorsFromMessage("config.region: Region is required; config.secretAccessKey: Secret access key is required; name: Name is required")).toEqual({
      region: "Region is required",
      secretAccessKey: "Secret access key is required",
      name: "Name is required",
    });
    expect(fieldErrorsFromMessage('config: Unknown SES setting "x"')).toEqual({ "": 'config: Unknown SES setting "x"' });
    expect(fieldErrorsFromMessage("Only admins can do this.")).toEqual({ "": "Only admins can do this." });
  });
});
