"use client";

import { PostgreSQL, SQLDialect, sql } from "@codemirror/lang-sql";
import CodeMirror, { Decoration, EditorView, StateEffect, StateField, type DecorationSet, type ReactCodeMirrorRef } from "@uiw/react-codemirror";
import { useTheme } from "next-themes";
import { useEffect, useMemo, useRef } from "react";
import type { TextRange } from "./sql-error-range";

export type SqlEngine = "POSTGRES" | "BIGQUERY";

const BigQuerySQL = SQLDialect.define({
  keywords:
    "all and any array as asc assert_rows_modified at between by case cast collate contains create cross cube current default define desc distinct else end enum escape except exclude exists extract false fetch following for from full group grouping groups hash having if ignore in inner intersect interval into is join lateral left like limit lookup merge natural new no not null nulls of offset on or order outer over partition preceding proto qualify range recursive respect right rollup rows select set some struct tablesample then to treat true unbounded union unnest using when where window with within safe_cast",
  types: "int64 int integer smallint bigint tinyint byteint numeric bignumeric decimal bigdecimal float64 bool boolean string bytes date datetime time timestamp geography json interval array struct range",
  builtin:
    "count sum avg min max array_agg string_agg coalesce ifnull nullif if lower upper trim concat length substr regexp_contains regexp_extract date_add date_sub date_diff date_trunc timestamp_add timestamp_sub timestamp_diff timestamp_trunc current_date current_timestamp format_date parse_date generate_array generate_date_array row_number rank dense_rank lag lead first_value last_value",
  identifierQuotes: "`",
  hashComments: true,
  backslashEscapes: true,
  doubleQuotedStrings: true,
  specialVar: "@",
});

const setErrorRange = StateEffect.define<TextRange | null>();
const errorMark = Decoration.mark({ class: "cm-segment-sql-error", attributes: { "aria-invalid": "true" } });

/** The governor's error position, underlined; edits move it along with the text until the next run replaces it. */
const errorRangeField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (effect.is(setErrorRange)) next = effect.value ? Decoration.set([errorMark.range(effect.value.from, effect.value.to)]) : Decoration.none;
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const errorTheme = EditorView.baseTheme({
  ".cm-segment-sql-error": {
    textDecoration: "underline wavy #dc2626",
    textDecorationSkipInk: "none",
    textUnderlineOffset: "3px",
    backgroundColor: "rgba(220, 38, 38, 0.12)",
  },
});

export interface SqlCodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  engine: SqlEngine;
  /** Id of the element that labels the editor, so assistive technology and tests find it by its label. */
  labelledBy: string;
  describedBy?: string;
  errorRange: TextRange | null;
  readOnly?: boolean;
}

export default function SqlCodeEditor({ value, onChange, engine, labelledBy, describedBy, errorRange, readOnly = false }: SqlCodeEditorProps) {
  const { resolvedTheme } = useTheme();
  const editor = useRef<ReactCodeMirrorRef>(null);

  const extensions = useMemo(
    () => [
      sql({ dialect: engine === "BIGQUERY" ? BigQuerySQL : PostgreSQL, upperCaseKeywords: false }),
      errorRangeField,
      errorTheme,
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        "aria-labelledby": labelledBy,
        "aria-multiline": "true",
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      }),
    ],
    [engine, labelledBy, describedBy],
  );

  useEffect(() => {
    const view = editor.current?.view;
    if (!view) return;
    const length = view.state.doc.length;
    const range = errorRange && errorRange.from < length ? { from: errorRange.from, to: Math.min(errorRange.to, length) } : null;
    view.dispatch({ effects: range ? [setErrorRange.of(range), EditorView.scrollIntoView(range.from, { y: "center" })] : [setErrorRange.of(null)] });
  }, [errorRange]);

  return (
    <CodeMirror
      ref={editor}
      value={value}
      onChange={onChange}
      extensions={extensions}
      theme={resolvedTheme === "dark" ? "dark" : "light"}
      readOnly={readOnly}
      minHeight="220px"
      maxHeight="520px"
      basicSetup={{ foldGutter: false, highlightActiveLineGutter: true }}
      className="overflow-hidden rounded-md border text-sm [&_.cm-editor.cm-focused]:outline-none"
    />
  );
}
