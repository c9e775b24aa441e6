import { createTwoFilesPatch, diffLines } from "diff";
import type { VersionContent } from "./inputs";

/** Diffing two large, unrelated bodies is quadratic; past this the diff shows "all removed, all added". */
const DIFF_TIMEOUT_MS = 2000;

export interface DiffLine {
  type: "added" | "removed" | "unchanged";
  text: string;
  /** 1-based line in the older text (null for added lines). */
  oldLine: number | null;
  /** 1-based line in the newer text (null for removed lines). */
  newLine: number | null;
}

export interface FieldDiff {
  changed: boolean;
  /** Unified diff ("--- v1/body", "+++ v2/body", hunks); empty when unchanged. */
  patch: string;
  lines: DiffLine[];
}

export interface VersionContentDiff {
  authoringMode: { from: VersionContent["authoringMode"]; to: VersionContent["authoringMode"]; changed: boolean };
  subject: FieldDiff;
  preheader: FieldDiff;
  body: FieldDiff;
  bodyText: FieldDiff;
}

const splitLines = (text: string) => (text === "" ? [] : text.replace(/\r?\n$/, "").split(/\r?\n/));

function lineDiff(from: string, to: string): DiffLine[] {
  const changes = diffLines(from, to, { timeout: DIFF_TIMEOUT_MS }) ?? [
    { value: from, added: false, removed: true, count: 0 },
    { value: to, added: true, removed: false, count: 0 },
  ];
  const lines: DiffLine[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const change of changes) {
    for (const text of splitLines(change.value)) {
      if (change.added) lines.push({ type: "added", text, oldLine: null, newLine: newLine++ });
      else if (change.removed) lines.push({ type: "removed", text, oldLine: oldLine++, newLine: null });
      else lines.push({ type: "unchanged", text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return lines;
}

export function diffField(field: string, from: { label: string; text: string }, to: { label: string; text: string }): FieldDiff {
  if (from.text === to.text) return { changed: false, patch: "", lines: lineDiff(from.text, to.text) };
  const patch = createTwoFilesPatch(`${from.label}/${field}`, `${to.label}/${field}`, from.text, to.text, undefined, undefined, { timeout: DIFF_TIMEOUT_MS });
  return { changed: true, patch: patch ?? "", lines: lineDiff(from.text, to.text) };
}

/** The body the author edits in the version's mode; a builder document diffs as indented JSON. */
export function bodyOf(content: VersionContent): string {
  switch (content.authoringMode) {
    case "MJML":
      return content.bodyMjml ?? "";
    case "HTML":
      return content.bodyHtml ?? "";
    case "BUILDER":
      return content.builderJson === null || content.builderJson === undefined ? "" : JSON.stringify(content.builderJson, null, 2);
  }
}

/** Line diff of what an author can change between two versions, labelled v<number>. */
export function diffVersionContent(from: { version: number; content: VersionContent }, to: { version: number; content: VersionContent }): VersionContentDiff {
  const side = (v: { version: number }, text: string) => ({ label: `v${v.version}`, text });
  const field = (name: string, pick: (c: VersionContent) => string) => diffField(name, side(from, pick(from.content)), side(to, pick(to.content)));
  return {
    authoringMode: {
      from: from.content.authoringMode,
      to: to.content.authoringMode,
      changed: from.content.authoringMode !== to.content.authoringMode,
    },
    subject: field("subject", (c) => c.subject),
    preheader: field("preheader", (c) => c.preheader),
    body: field("body", bodyOf),
    bodyText: field("text", (c) => c.bodyText ?? ""),
  };
}
