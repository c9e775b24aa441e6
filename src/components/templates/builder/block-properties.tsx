"use client";

import { useId } from "react";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type {
  BlockOf,
  BuilderBlock,
  BuilderProblem,
  BuilderSection,
  ComponentPlacement,
  GlobalStyles,
} from "@/server/domain/rendering/builder/document";
import { AlignmentField, ChoiceField, ColorField, NumberField, PaddingFields, withOptional } from "./fields";
import type { BuilderLibraryComponent } from "./types";

type FieldErrors = (field: string) => string[] | undefined;

/** The problems reported for `field` itself or anything inside it (`padding` covers `padding.top`). */
export function fieldErrors(problems: BuilderProblem[]): FieldErrors {
  return (field) => {
    const found = problems.filter((p) => p.field === field || p.field?.startsWith(`${field}.`)).map((p) => p.detail);
    return found.length ? found : undefined;
  };
}

interface EditorProps<T extends BuilderBlock> {
  id: string;
  block: T;
  onChange: (block: T) => void;
  errors: FieldErrors;
  disabled: boolean;
}

const TEXT_HINT = "Use {{first_name}} for variables, **bold** and [link text](https://…) for links.";
const URL_HINT = "An https:// address, or a variable such as {{ctaUrl}}.";

function TextEditor({ id, block, onChange, errors, disabled }: EditorProps<BlockOf<"text">>) {
  return (
    <>
      <FormField id={`${id}-content`} label="Text" hint={TEXT_HINT} error={errors("content")}>
        <Textarea rows={6} disabled={disabled} value={block.content} onChange={(e) => onChange({ ...block, content: e.target.value })} />
      </FormField>
      <NumberField
        id={`${id}-font-size`}
        label="Font size"
        min={10}
        max={48}
        value={block.fontSize}
        error={errors("fontSize")}
        disabled={disabled}
        onChange={(fontSize) => onChange({ ...block, fontSize: fontSize ?? block.fontSize })}
      />
    </>
  );
}

const levelOptions = [
  { value: "1", label: "Heading 1 (large)" },
  { value: "2", label: "Heading 2 (medium)" },
  { value: "3", label: "Heading 3 (small)" },
] as const;

function HeadingEditor({ id, block, onChange, errors, disabled }: EditorProps<BlockOf<"heading">>) {
  return (
    <>
      <FormField id={`${id}-content`} label="Heading" hint="Variables such as {{first_name}} work here." error={errors("content")}>
        <Input disabled={disabled} value={block.content} onChange={(e) => onChange({ ...block, content: e.target.value })} />
      </FormField>
      <ChoiceField
        id={`${id}-level`}
        label="Level"
        options={levelOptions}
        value={String(block.level) as "1" | "2" | "3"}
        disabled={disabled}
        onChange={(level) => onChange({ ...block, level: Number(level) as 1 | 2 | 3 })}
      />
    </>
  );
}

function ButtonEditor({ id, block, onChange, errors, disabled, styles }: EditorProps<BlockOf<"button">> & { styles: GlobalStyles }) {
  return (
    <>
      <FormField id={`${id}-text`} label="Button text" error={errors("text")}>
        <Input disabled={disabled} value={block.text} onChange={(e) => onChange({ ...block, text: e.target.value })} />
      </FormField>
      <FormField id={`${id}-url`} label="Button URL" hint={URL_HINT} error={errors("url")}>
        <Input
          disabled={disabled}
          spellCheck={false}
          autoComplete="off"
          value={block.url}
          onChange={(e) => onChange({ ...block, url: e.target.value.trim() })}
        />
      </FormField>
      <ColorField
        id={`${id}-background`}
        label="Button background"
        optional
        placeholder={styles.buttonColor}
        value={block.backgroundColor}
        error={errors("backgroundColor")}
        disabled={disabled}
        onChange={(color) => onChange(withOptional(block, "backgroundColor", color))}
      />
      <ColorField
        id={`${id}-color`}
        label="Button label color"
        optional
        placeholder={styles.buttonTextColor}
        value={block.textColor}
        error={errors("textColor")}
        disabled={disabled}
        onChange={(color) => onChange(withOptional(block, "textColor", color))}
      />
    </>
  );
}

function ImageEditor({ id, block, onChange, errors, disabled, styles }: EditorProps<BlockOf<"image">> & { styles: GlobalStyles }) {
  return (
    <>
      <FormField id={`${id}-src`} label="Image URL" hint={URL_HINT} error={errors("src")}>
        <Input spellCheck={false} autoComplete="off" disabled={disabled} value={block.src} onChange={(e) => onChange({ ...block, src: e.target.value.trim() })} />
      </FormField>
      <FormField id={`${id}-alt`} label="Alt text" hint="Describes the image for screen readers and blocked images." error={errors("alt")}>
        <Input disabled={disabled} value={block.alt} onChange={(e) => onChange({ ...block, alt: e.target.value })} />
      </FormField>
      <NumberField
        id={`${id}-width`}
        label="Width"
        optional
        min={20}
        max={styles.width}
        placeholder="Column width"
        hint="In pixels; empty fills the column."
        value={block.width}
        error={errors("width")}
        disabled={disabled}
        onChange={(width) => onChange(withOptional(block, "width", width))}
      />
      <FormField id={`${id}-href`} label="Link URL" hint="Optional: where a click on the image leads." error={errors("href")}>
        <Input
          spellCheck={false}
          autoComplete="off"
          disabled={disabled}
          value={block.href ?? ""}
          onChange={(e) => onChange(withOptional(block, "href", e.target.value.trim() || undefined))}
        />
      </FormField>
    </>
  );
}

function SpacerEditor({ id, block, onChange, errors, disabled }: EditorProps<BlockOf<"spacer">>) {
  return (
    <NumberField
      id={`${id}-height`}
      label="Height"
      min={1}
      max={400}
      hint="In pixels."
      value={block.height}
      error={errors("height")}
      disabled={disabled}
      onChange={(height) => onChange({ ...block, height: height ?? block.height })}
    />
  );
}

function DividerEditor({ id, block, onChange, errors, disabled }: EditorProps<BlockOf<"divider">>) {
  return (
    <>
      <ColorField id={`${id}-color`} label="Color" value={block.color} error={errors("color")} disabled={disabled} onChange={(color) => onChange({ ...block, color: color ?? "" })} />
      <NumberField
        id={`${id}-thickness`}
        label="Thickness"
        min={1}
        max={10}
        value={block.thickness}
        error={errors("thickness")}
        disabled={disabled}
        onChange={(thickness) => onChange({ ...block, thickness: thickness ?? block.thickness })}
      />
    </>
  );
}

const placementOptions: ReadonlyArray<{ value: ComponentPlacement; label: string }> = [
  { value: "column", label: "Inside the column" },
  { value: "section", label: "Full width (its own section)" },
];

function ComponentEditor({
  id,
  block,
  onChange,
  onPlacementChange,
  errors,
  disabled,
  components,
}: EditorProps<BlockOf<"component">> & { components: BuilderLibraryComponent[]; onPlacementChange: (placement: ComponentPlacement) => void }) {
  const library = components.find((c) => c.name === block.name);
  const names = components.map((c) => ({ value: c.name, label: `${c.name} (${c.type.toLowerCase()})` }));
  const options = library || !block.name ? names : [{ value: block.name, label: `${block.name} (not in the library)` }, ...names];
  const variableNames = [...(library?.variables.map((v) => v.name) ?? []), ...Object.keys(block.args)];
  const argNames = [...new Set(variableNames)];
  return (
    <>
      <ChoiceField
        id={`${id}-name`}
        label="Component"
        options={options}
        value={block.name}
        error={errors("name")}
        hint={library ? undefined : block.name ? "This component is not in the library any more; publishing will fail." : undefined}
        disabled={disabled}
        onChange={(name) => {
          const next = components.find((c) => c.name === name);
          const kept = Object.fromEntries(Object.entries(block.args).filter(([key]) => next?.variables.some((v) => v.name === key)));
          onChange({ ...block, name, args: kept });
        }}
      />
      <ChoiceField
        id={`${id}-placement`}
        label="Placement"
        options={placementOptions}
        value={block.placement}
        hint="Headers and footers are full width; buttons and snippets sit inside a column."
        error={errors("placement")}
        disabled={disabled}
        onChange={onPlacementChange}
      />
      {argNames.length > 0 ? (
        <fieldset className="grid gap-4">
          <legend className="mb-2 text-sm font-medium">Component values</legend>
          {argNames.map((name) => {
            const variable = library?.variables.find((v) => v.name === name);
            return (
              <FormField
                key={name}
                id={`${id}-arg-${name}`}
                label={name}
                hint={variable ? variable.description || undefined : "Not a variable of this component."}
                error={errors(`args.${name}`)}
              >
                <Input
                  disabled={disabled}
                  placeholder={variable?.defaultValue ? `Default: ${variable.defaultValue}` : undefined}
                  value={block.args[name] ?? ""}
                  onChange={(e) => {
                    const { [name]: _removed, ...rest } = block.args;
                    onChange({ ...block, args: e.target.value === "" ? rest : { ...rest, [name]: e.target.value } });
                  }}
                />
              </FormField>
            );
          })}
        </fieldset>
      ) : null}
    </>
  );
}

export const BLOCK_LABELS: Record<BuilderBlock["type"], string> = {
  text: "Text",
  heading: "Heading",
  button: "Button",
  image: "Image",
  spacer: "Spacer",
  divider: "Divider",
  component: "Component",
};

interface BlockPropertiesProps {
  block: BuilderBlock;
  problems: BuilderProblem[];
  styles: GlobalStyles;
  components: BuilderLibraryComponent[];
  disabled: boolean;
  onChange: (block: BuilderBlock) => void;
  onPlacementChange: (placement: ComponentPlacement) => void;
}

/** The fields of one block; common padding and alignment come after the block's own fields. */
export function BlockProperties({ block, problems, styles, components, disabled, onChange, onPlacementChange }: BlockPropertiesProps) {
  const id = useId();
  const errors = fieldErrors(problems);
  const common = { id, errors, disabled };
  return (
    <div className="grid gap-4">
      {block.type === "text" ? <TextEditor {...common} block={block} onChange={onChange} /> : null}
      {block.type === "heading" ? <HeadingEditor {...common} block={block} onChange={onChange} /> : null}
      {block.type === "button" ? <ButtonEditor {...common} block={block} onChange={onChange} styles={styles} /> : null}
      {block.type === "image" ? <ImageEditor {...common} block={block} onChange={onChange} styles={styles} /> : null}
      {block.type === "spacer" ? <SpacerEditor {...common} block={block} onChange={onChange} /> : null}
      {block.type === "divider" ? <DividerEditor {...common} block={block} onChange={onChange} /> : null}
      {block.type === "component" ? (
        <ComponentEditor {...common} block={block} onChange={onChange} onPlacementChange={onPlacementChange} components={components} />
      ) : null}
      {"align" in block ? <AlignmentField id={`${id}-align`} value={block.align} disabled={disabled} onChange={(align) => onChange({ ...block, align })} /> : null}
      {"padding" in block ? (
        <PaddingFields idPrefix={id} value={block.padding} errors={errors} disabled={disabled} onChange={(padding) => onChange({ ...block, padding })} />
      ) : null}
    </div>
  );
}

const columnOptions = [
  { value: "1", label: "1 column" },
  { value: "2", label: "2 columns" },
] as const;

interface SectionPropertiesProps {
  section: BuilderSection;
  problems: BuilderProblem[];
  styles: GlobalStyles;
  disabled: boolean;
  onColumnsChange: (columns: 1 | 2) => void;
  onChange: (patch: Partial<Pick<BuilderSection, "backgroundColor" | "padding">>) => void;
}

export function SectionProperties({ section, problems, styles, disabled, onColumnsChange, onChange }: SectionPropertiesProps) {
  const id = useId();
  const errors = fieldErrors(problems);
  return (
    <div className="grid gap-4">
      <ChoiceField
        id={`${id}-columns`}
        label="Columns"
        options={columnOptions}
        value={String(section.columns) as "1" | "2"}
        hint={section.columns === 2 ? "Going to one column moves the right column's blocks under the left ones." : undefined}
        error={errors("blocks")}
        disabled={disabled}
        onChange={(columns) => onColumnsChange(columns === "2" ? 2 : 1)}
      />
      <ColorField
        id={`${id}-background`}
        label="Background color"
        optional
        placeholder={styles.contentBackgroundColor}
        value={section.backgroundColor}
        error={errors("backgroundColor")}
        disabled={disabled}
        onChange={(backgroundColor) => onChange({ backgroundColor })}
      />
      <PaddingFields idPrefix={id} value={section.padding} errors={errors} disabled={disabled} onChange={(padding) => onChange({ padding })} />
    </div>
  );
}
