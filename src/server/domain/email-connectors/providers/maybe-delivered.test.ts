import { describe, expect, it } from "vitest";
import { toSesSendError } from "./ses";
import { toSmtpSendError } from "./smtp";

describe("failures after the email was handed over are reported as maybe delivered", () => {
  it("SES: a connection refused before any request is safe to retry; a dropped connection is not", () => {
    const refused = toSesSendError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }));
    expect(refused).toMatchObject({ kind: "transient", maybeDelivered: false });
    const dropped = toSesSendError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    expect(dropped).toMatchObject({ kind: "transient", maybeDelivered: true });
    const serverError = toSesSendError({ name: "InternalFailure", message: "oops", $fault: "server", $metadata: { httpStatusCode: 500 } });
    expect(serverError).toMatchObject({ kind: "transient", maybeDelivered: false });
  });

  it("SMTP: a timeout while connecting is safe to retry; a failure during DATA is not", () => {
    expect(toSmtpSendError(Object.assign(new Error("Connection timeout"), { code: "ETIMEDOUT", command: "CONN" }))).toMatchObject({ maybeDelivered: false });
    expect(toSmtpSendError(Object.assign(new Error("Connection closed"), { code: "ECONNECTION", command: "DATA" }))).toMatchObject({ maybeDelivered: true });
    expect(toSmtpSendError(Object.assign(new Error("451 try later"), { responseCode: 451, response: "451 4.3.0 try later" }))).toMatchObject({
      kind: "transient",
      maybeDelivered: false,
    });
  });
});
