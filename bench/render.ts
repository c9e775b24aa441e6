/**
 * Renders 100,000 recipients of a realistic template (3 components, 10 variables) through the rendering engine
 * (`prepareTemplate(compiled).render`: subject + HTML + text + missing-variable check) and, in the same run, through
 * a bare precompiled Handlebars render of the same compiled HTML. Also proves that no MJML compile (nor CSS
 * inlining, nor text generation) happens on the per-recipient path.
 *
 *   npm run bench:render
 */
import { compileCounterSnapshot, compileTemplate, prepareTemplate } from "../src/server/domain/rendering";
import { EXAMPLE_COMPONENTS, EXAMPLE_TEMPLATE, exampleRecipient } from "../src/server/domain/rendering/examples";
import { createHandlebarsEnvironment } from "../src/server/domain/rendering/helpers";

const RECIPIENTS = 100_000;
const ROUNDS = 3;
const GOAL = 1.5;

type Renderer = (data: Record<string, unknown>) => number;

function time(render: Renderer, recipients: Record<string, unknown>[]): { ms: number; bytes: number } {
  let bytes = 0;
  const started = performance.now();
  for (const recipient of recipients) bytes += render(recipient);
  return { ms: performance.now() - started, bytes };
}

async function main(): Promise<void> {
  const compileStarted = performance.now();
  const compiled = await compileTemplate(EXAMPLE_TEMPLATE, EXAMPLE_COMPONENTS);
  const compileMs = performance.now() - compileStarted;
  const prepared = prepareTemplate(compiled);

  // The bare baseline needs the same helpers (the compiled HTML calls formatNumber, formatDate, default).
  const bareHandlebars = createHandlebarsEnvironment();
  const bareHtml = bareHandlebars.compile(compiled.html);
  const bareSubject = bareHandlebars.compile(compiled.subject, { noEscape: true });
  const bareText = bareHandlebars.compile(compiled.text, { noEscape: true });

  const recipients = Array.from({ length: RECIPIENTS }, (_, i) => exampleRecipient(i));
  const sample = prepared.render(recipients[0] ?? {});
  if (sample.html !== bareHtml(recipients[0])) throw new Error("engine and bare render disagree on the HTML");

  // Reading the last character makes V8 flatten a concatenated string, as writing it to a socket would: `.length`
  // alone would let a render that returns an unflattened rope look cheaper than it is.
  const consume = (text: string) => text.length + text.charCodeAt(text.length - 1);
  const variants: Record<string, Renderer> = {
    engine: (data) => {
      const email = prepared.render(data);
      return consume(email.subject) + consume(email.html) + consume(email.text);
    },
    "bare (html)": (data) => consume(bareHtml(data)),
    "bare (subject+html+text)": (data) => consume(bareSubject(data)) + consume(bareHtml(data)) + consume(bareText(data)),
  };

  const warmup = recipients.slice(0, 5_000);
  for (const render of Object.values(variants)) time(render, warmup);

  const before = compileCounterSnapshot();
  const best: Record<string, { ms: number; bytes: number }> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, render] of Object.entries(variants)) {
      const result = time(render, recipients);
      if (!best[name] || result.ms < best[name].ms) best[name] = result;
    }
  }
  const after = compileCounterSnapshot();

  console.log(`template: ${EXAMPLE_COMPONENTS.length} components, ${compiled.variables.length} variables (${compiled.variables.join(", ")})`);
  console.log(`compile once: ${compileMs.toFixed(1)} ms; compiled HTML ${compiled.html.length.toLocaleString("en-US")} chars`);
  console.log(`${RECIPIENTS.toLocaleString("en-US")} recipients, best of ${ROUNDS} rounds:`);
  for (const [name, result] of Object.entries(best)) {
    const perRecipient = (result.ms * 1000) / RECIPIENTS;
    console.log(
      `  ${name.padEnd(26)} ${result.ms.toFixed(0).padStart(6)} ms  ${perRecipient.toFixed(2).padStart(6)} µs/recipient  ${(result.bytes / RECIPIENTS).toFixed(0)} chars/recipient`,
    );
  }
  const engineMs = best.engine?.ms ?? NaN;
  const ratio = engineMs / (best["bare (html)"]?.ms ?? NaN);
  const ratioAll = engineMs / (best["bare (subject+html+text)"]?.ms ?? NaN);
  console.log(`ratio engine / bare html: ${ratio.toFixed(2)}× (goal ≤ ${GOAL}×) ${ratio <= GOAL ? "OK" : "OVER GOAL"}`);
  console.log(`ratio engine / bare subject+html+text: ${ratioAll.toFixed(2)}×`);
  const compilesDuringRenders = {
    mjml: after.mjml - before.mjml,
    juice: after.juice - before.juice,
    htmlToText: after.htmlToText - before.htmlToText,
  };
  const clean = Object.values(compilesDuringRenders).every((n) => n === 0);
  console.log(
    `compiles during the render loops: mjml ${compilesDuringRenders.mjml}, juice ${compilesDuringRenders.juice}, html-to-text ${compilesDuringRenders.htmlToText} ${clean ? "OK" : "FAIL"}`,
  );
  if (!clean || ratio > GOAL) process.exitCode = 1;
}

await main();
