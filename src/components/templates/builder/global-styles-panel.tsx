"use client";

import { useId } from "react";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { MAX_WIDTH, MIN_WIDTH, type BuilderProblem, type GlobalStyles } from "@/server/domain/rendering/builder/document";
import { fieldErrors } from "./block-properties";
import { ColorField, NumberField } from "./fields";

const FONT_STACKS = [
  "Helvetica, Arial, sans-serif",
  "Arial, Helvetica, sans-serif",
  "Verdana, Geneva, sans-serif",
  "Tahoma, Geneva, sans-serif",
  "'Trebuchet MS', Verdana, sans-serif",
  "Georgia, 'Times New Roman', serif",
  "'Times New Roman', Times, serif",
  "'Courier New', Courier, monospace",
];

const COLORS: ReadonlyArray<{ key: Exclude<keyof GlobalStyles, "fontFamily" | "width">; label: string }> = [
  { key: "textColor", label: "Text color" },
  { key: "linkColor", label: "Link color" },
  { key: "backgroundColor", label: "Page background" },
  { key: "contentBackgroundColor", label: "Content background" },
  { key: "buttonColor", label: "Button background" },
  { key: "buttonTextColor", label: "Button label color" },
];

interface GlobalStylesPanelProps {
  styles: GlobalStyles;
  problems: BuilderProblem[];
  disabled: boolean;
  onChange: (patch: Partial<GlobalStyles>) => void;
}

export function GlobalStylesPanel({ styles, problems, disabled, onChange }: GlobalStylesPanelProps) {
  const id = useId();
  const errors = fieldErrors(problems);
  return (
    <div className="grid gap-4">
      <FormField id={`${id}-font`} label="Font family" hint="Email-safe fonts; the first one installed on the reader's device is used." error={errors("fontFamily")}>
        <Input list={`${id}-fonts`} disabled={disabled} value={styles.fontFamily} onChange={(e) => onChange({ fontFamily: e.target.value })} />
      </FormField>
      <datalist id={`${id}-fonts`}>
        {FONT_STACKS.map((font) => (
          <option key={font} value={font} />
        ))}
      </datalist>
      <NumberField
        id={`${id}-width`}
        label="Width"
        hint={`Content width in pixels (${MIN_WIDTH}–${MAX_WIDTH}).`}
        min={MIN_WIDTH}
        max={MAX_WIDTH}
        value={styles.width}
        error={errors("width")}
        disabled={disabled}
        onChange={(width) => onChange({ width: width ?? styles.width })}
      />
      {COLORS.map(({ key, label }) => (
        <ColorField
          key={key}
          id={`${id}-${key}`}
          label={label}
          value={styles[key]}
          error={errors(key)}
          disabled={disabled}
          onChange={(color) => onChange({ [key]: color ?? "" })}
        />
      ))}
    </div>
  );
}
