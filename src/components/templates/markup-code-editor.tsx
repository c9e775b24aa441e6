"use client";

import { html } from "@codemirror/lang-html";
import { xml } from "@codemirror/lang-xml";
import CodeMirror, {
  Decoration,
  EditorView,
  RangeSetBuilder,
  StateEffect,
  StateField,
  type DecorationSet,
  type ReactCodeMirrorRef,
} from "@uiw/react-codemirror";
import { useTheme } from "next-themes";
import { useEffect, useMemo, useRef } from "react";
import { problemLineMarks, type LineMark, type TemplateProblem } from "./template-problems";

export type MarkupLanguage = "MJML" | "HTML";

const MJML_ELEMENTS = [
  "mjml",
  "mj-head",
  "mj-attributes",
  "mj-all",
  "mj-class",
  "mj-breakpoint",
  "mj-font",
  "mj-preview",
  "mj-style",
  "mj-title",
  "mj-body",
  "mj-wrapper",
  "mj-section",
  "mj-group",
  "mj-column",
  "mj-text",
  "mj-button",
  "mj-image",
  "mj-divider",
  "mj-spacer",
  "mj-table",
  "mj-raw",
  "mj-hero",
  "mj-navbar",
  "mj-navbar-link",
  "mj-social",
  "mj-social-element",
  "mj-accordion",
  "mj-accordion-element",
  "mj-carousel",
  "mj-carousel-image",
];

const setLineMarks = StateEffect.define<LineMark[]>();

/** Lines with compile problems; edits move the marks with their lines until the next check replaces them. */
const lineMarksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setLineMarks)) continue;
      const builder = new RangeSetBuilder<Decoration>();
      for (const mark of effect.value) {
        const line = transaction.state.doc.line(mark.line);
        builder.add(
          line.from,
          line.from,
          Decoration.line({ class: "cm-template-problem-line", attributes: { title: mark.messages.join("\n"), "data-problem-line": String(mark.line) } }),
        );
      }
      next = builder.finish();
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const problemTheme = EditorView.baseTheme({
  ".cm-template-problem-line": {
    backgroundColor: "rgba(220, 38, 38, 0.12)",
    boxShadow: "inset 3px 0 0 #dc2626",
  },
});

export interface MarkupCodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  language: MarkupLanguage;
  /** Id of the element that labels the editor, so assistive technology and tests find it by its label. */
  labelledBy: string;
  describedBy?: string;
  problems: readonly TemplateProblem[];
  /** Scroll the first marked line into view when the marks change (after a save or publish, not while typing). */
  revealProblems?: boolean;
  readOnly?: boolean;
  minHeight?: string;
  maxHeight?: string;
}

export default function MarkupCodeEditor({
  value,
  onChange,
  language,
  labelledBy,
  describedBy,
  problems,
  revealProblems = false,
  readOnly = false,
  minHeight = "420px",
  maxHeight = "70vh",
}: MarkupCodeEditorProps) {
  const { resolvedTheme } = useTheme();
  const editor = useRef<ReactCodeMirrorRef>(null);

  const extensions = useMemo(
    () => [
      language === "MJML" ? xml({ elements: MJML_ELEMENTS.map((name) => ({ name })) }) : html({ selfClosingTags: true }),
      lineMarksField,
      problemTheme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        "aria-labelledby": labelledBy,
        "aria-multiline": "true",
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      }),
    ],
    [language, labelledBy, describedBy],
  );

  /** The marks last shown, so only new problems scroll the editor. */
  const shownMarks = useRef("[]");

  useEffect(() => {
    const view = editor.current?.view;
    if (!view) return;
    const marks = problemLineMarks(problems, view.state.doc.lines);
    const key = JSON.stringify(marks);
    const changed = key !== shownMarks.current;
    shownMarks.current = key;
    const first = marks[0];
    const reveal = revealProblems && changed && first ? [EditorView.scrollIntoView(view.state.doc.line(first.line).from, { y: "center" })] : [];
    view.dispatch({ effects: [setLineMarks.of(marks), ...reveal] });
  }, [problems, revealProblems]);

  return (
    <CodeMirror
      ref={editor}
      value={value}
      onChange={onChange}
      extensions={extensions}
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      readOnly={readOnly}
      editable={!readOnly}
      minHeight={minHeight}
      maxHeight={maxHeight}
      basicSetup={{ foldGutter: true, highlightActiveLineGutter: true }}
      className="overflow-hidden rounded-md border text-sm [&_.cm-editor.cm-focused]:outline-none"
    />
  );
}
