"use client";

import { Columns2, Heading, ImageIcon, Minus, MousePointerClick, MoveVertical, Puzzle, Square, Type } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Separator } from "@/components/ui/separator";
import type { BlockType } from "@/server/domain/rendering/builder/document";
import type { BuilderLibraryComponent } from "./types";

const BLOCK_BUTTONS: ReadonlyArray<{ type: Exclude<BlockType, "component">; label: string; icon: typeof Type }> = [
  { type: "text", label: "Text", icon: Type },
  { type: "heading", label: "Heading", icon: Heading },
  { type: "button", label: "Button", icon: MousePointerClick },
  { type: "image", label: "Image", icon: ImageIcon },
  { type: "spacer", label: "Spacer", icon: MoveVertical },
  { type: "divider", label: "Divider", icon: Minus },
];

interface BuilderPaletteProps {
  components: BuilderLibraryComponent[];
  disabled: boolean;
  onAddSection: (columns: 1 | 2) => void;
  onAddBlock: (type: Exclude<BlockType, "component">) => void;
  onAddComponent: (component: BuilderLibraryComponent) => void;
}

export function BuilderPalette({ components, disabled, onAddSection, onAddBlock, onAddComponent }: BuilderPaletteProps) {
  const id = useId();
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const component = components.find((c) => c.name === chosen) ?? components[0];
  return (
    <nav aria-label="Add block" className="grid content-start gap-3">
      <h3 className="text-sm font-semibold">Add block</h3>
      <div className="grid gap-2">
        <Button type="button" variant="outline" size="sm" className="justify-start" disabled={disabled} onClick={() => onAddSection(1)}>
          <Square aria-hidden />
          Add section
        </Button>
        <Button type="button" variant="outline" size="sm" className="justify-start" disabled={disabled} onClick={() => onAddSection(2)}>
          <Columns2 aria-hidden />
          Add 2-column section
        </Button>
      </div>
      <Separator />
      <div className="grid gap-2">
        {BLOCK_BUTTONS.map(({ type, label, icon: Icon }) => (
          <Button
            key={type}
            type="button"
            variant="outline"
            size="sm"
            className="justify-start"
            aria-label={`Add ${type}`}
            disabled={disabled}
            onClick={() => onAddBlock(type)}
          >
            <Icon aria-hidden />
            {label}
          </Button>
        ))}
      </div>
      <Separator />
      <div className="grid gap-2">
        <Label htmlFor={`${id}-component`}>Library component</Label>
        <Select value={component?.name ?? ""} disabled={disabled || components.length === 0} onValueChange={setChosen}>
          <SelectTrigger id={`${id}-component`} size="sm">
            <SelectValue placeholder="No components yet" />
          </SelectTrigger>
          <SelectContent>
            {components.map((c) => (
              <SelectItem key={c.name} value={c.name}>
                {c.name} ({c.type.toLowerCase()})
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Button
          type="button"
          variant="outline"
          size="sm"
          className="justify-start"
          aria-label="Add component"
          disabled={disabled || !component}
          onClick={() => component && onAddComponent(component)}
        >
          <Puzzle aria-hidden />
          Component
        </Button>
      </div>
      <p className="text-xs text-muted-foreground">New blocks go after the selected block, or at the end of the selected section.</p>
    </nav>
  );
}
