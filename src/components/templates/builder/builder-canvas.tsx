"use client";

import { ArrowDown, ArrowUp, Copy, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import type { BuilderBlock, BuilderDocument, BuilderProblem } from "@/server/domain/rendering/builder/document";
import { BLOCK_LABELS } from "./block-properties";
import { isComponentSection, moveBlock, moveSection, type BuilderSelection, type Direction } from "./document-ops";

function excerpt(text: string, length = 70): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

export function blockSummary(block: BuilderBlock): string {
  switch (block.type) {
    case "text":
    case "heading":
      return excerpt(block.content) || "(empty)";
    case "button":
      return `${excerpt(block.text, 30)} → ${excerpt(block.url, 40)}`;
    case "image":
      return excerpt(block.alt) || excerpt(block.src);
    case "spacer":
      return `${block.height}px`;
    case "divider":
      return `${block.thickness}px ${block.color}`;
    case "component":
      return `${block.name || "(no component chosen)"}${block.placement === "section" ? " · full width" : ""}`;
  }
}

interface ItemActionsProps {
  noun: "block" | "section";
  disabled: boolean;
  canMoveUp: boolean;
  canMoveDown: boolean;
  onMove: (direction: Direction) => void;
  onDuplicate: () => void;
  onRemove: () => void;
}

function ItemActions({ noun, disabled, canMoveUp, canMoveDown, onMove, onDuplicate, onRemove }: ItemActionsProps) {
  return (
    <div className="flex shrink-0 items-center gap-0.5" role="group" aria-label={`${noun} actions`}>
      <Button type="button" variant="ghost" size="icon-sm" aria-label={`Move ${noun} up`} disabled={disabled || !canMoveUp} onClick={() => onMove("up")}>
        <ArrowUp />
      </Button>
      <Button type="button" variant="ghost" size="icon-sm" aria-label={`Move ${noun} down`} disabled={disabled || !canMoveDown} onClick={() => onMove("down")}>
        <ArrowDown />
      </Button>
      <Button type="button" variant="ghost" size="icon-sm" aria-label={`Duplicate ${noun}`} disabled={disabled} onClick={onDuplicate}>
        <Copy />
      </Button>
      <Button type="button" variant="ghost" size="icon-sm" aria-label={`Delete ${noun}`} disabled={disabled} onClick={onRemove}>
        <Trash2 className="text-destructive" />
      </Button>
    </div>
  );
}

interface BuilderCanvasProps {
  doc: BuilderDocument;
  selection: BuilderSelection;
  problems: BuilderProblem[];
  disabled: boolean;
  onSelect: (selection: BuilderSelection) => void;
  onMoveBlock: (blockId: string, direction: Direction) => void;
  onDuplicateBlock: (blockId: string) => void;
  onRemoveBlock: (blockId: string) => void;
  onMoveSection: (sectionId: string, direction: Direction) => void;
  onDuplicateSection: (sectionId: string) => void;
  onRemoveSection: (sectionId: string) => void;
}

/** The document as a list: sections, their columns and blocks; the selected item shows its actions. */
export function BuilderCanvas({
  doc,
  selection,
  problems,
  disabled,
  onSelect,
  onMoveBlock,
  onDuplicateBlock,
  onRemoveBlock,
  onMoveSection,
  onDuplicateSection,
  onRemoveSection,
}: BuilderCanvasProps) {
  if (doc.sections.length === 0) {
    return (
      <div className="rounded-lg border border-dashed p-8 text-center text-sm text-muted-foreground">
        The email is empty. Add a section, or add a block and a section is created for it.
      </div>
    );
  }
  const blocksWithProblems = new Set(problems.flatMap((p) => (p.blockId ? [p.blockId] : [])));
  const sectionsWithProblems = new Set(problems.flatMap((p) => (p.area === "section" && p.sectionId ? [p.sectionId] : [])));

  return (
    <ol className="grid gap-3" aria-label="Email sections">
      {doc.sections.map((section, sectionIndex) => {
        const sectionSelected = selection?.kind === "section" && selection.id === section.id;
        const onlyBlock = section.blocks[0]?.[0];
        if (isComponentSection(section) && onlyBlock) {
          const selected = selection?.kind === "block" && selection.id === onlyBlock.id;
          return (
            <li key={section.id} className={cn("flex items-center gap-2 rounded-lg border bg-muted/40 p-2", selected && "border-primary ring-2 ring-primary/30")}>
              <button
                type="button"
                className="min-w-0 flex-1 rounded-md px-2 py-1 text-left outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
                aria-pressed={selected}
                onClick={() => onSelect({ kind: "block", id: onlyBlock.id })}
              >
                <span className="block text-xs font-medium text-muted-foreground uppercase">Full-width component</span>
                <span className={cn("block truncate text-sm", blocksWithProblems.has(onlyBlock.id) && "text-destructive")}>{blockSummary(onlyBlock)}</span>
              </button>
              {selected ? (
                <ItemActions
                  noun="block"
                  disabled={disabled}
                  canMoveUp={moveBlock(doc, onlyBlock.id, "up") !== doc}
                  canMoveDown={moveBlock(doc, onlyBlock.id, "down") !== doc}
                  onMove={(direction) => onMoveBlock(onlyBlock.id, direction)}
                  onDuplicate={() => onDuplicateBlock(onlyBlock.id)}
                  onRemove={() => onRemoveBlock(onlyBlock.id)}
                />
              ) : null}
            </li>
          );
        }
        return (
          <li
            key={section.id}
            className={cn("grid gap-2 rounded-lg border p-2", sectionSelected && "border-primary ring-2 ring-primary/30")}
            style={section.backgroundColor ? { borderLeft: `4px solid ${section.backgroundColor}` } : undefined}
          >
            <div className="flex items-center gap-2">
              <button
                type="button"
                className={cn(
                  "min-w-0 flex-1 rounded-md px-2 py-1 text-left text-xs font-medium text-muted-foreground uppercase outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  sectionsWithProblems.has(section.id) && "text-destructive",
                )}
                aria-pressed={sectionSelected}
                onClick={() => onSelect({ kind: "section", id: section.id })}
              >
                Section {sectionIndex + 1} · {section.columns === 1 ? "1 column" : "2 columns"}
              </button>
              {sectionSelected ? (
                <ItemActions
                  noun="section"
                  disabled={disabled}
                  canMoveUp={moveSection(doc, section.id, "up") !== doc}
                  canMoveDown={moveSection(doc, section.id, "down") !== doc}
                  onMove={(direction) => onMoveSection(section.id, direction)}
                  onDuplicate={() => onDuplicateSection(section.id)}
                  onRemove={() => onRemoveSection(section.id)}
                />
              ) : null}
            </div>
            <div className={cn("grid gap-2", section.columns === 2 && "sm:grid-cols-2")}>
              {section.blocks.map((column, columnIndex) => (
                <ol
                  key={columnIndex}
                  aria-label={`Section ${sectionIndex + 1}, column ${columnIndex + 1}`}
                  className="grid min-h-12 content-start gap-1.5 rounded-md border border-dashed p-1.5"
                >
                  {column.length === 0 ? <li className="px-2 py-2 text-xs text-muted-foreground">Empty column</li> : null}
                  {column.map((block) => {
                    const selected = selection?.kind === "block" && selection.id === block.id;
                    const hasProblems = blocksWithProblems.has(block.id);
                    return (
                      <li
                        key={block.id}
                        className={cn(
                          "flex items-center gap-1 rounded-md border bg-background",
                          selected && "border-primary ring-2 ring-primary/30",
                          hasProblems && "border-destructive",
                        )}
                      >
                        <button
                          type="button"
                          className="min-w-0 flex-1 rounded-md px-2 py-1.5 text-left outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
                          aria-pressed={selected}
                          onClick={() => onSelect({ kind: "block", id: block.id })}
                        >
                          <span className="block text-xs font-medium text-muted-foreground">
                            {BLOCK_LABELS[block.type]}
                            {hasProblems ? <span className="text-destructive"> · needs attention</span> : null}
                          </span>
                          <span className="block truncate text-sm">{blockSummary(block)}</span>
                        </button>
                        {selected ? (
                          <ItemActions
                            noun="block"
                            disabled={disabled}
                            canMoveUp={moveBlock(doc, block.id, "up") !== doc}
                            canMoveDown={moveBlock(doc, block.id, "down") !== doc}
                            onMove={(direction) => onMoveBlock(block.id, direction)}
                            onDuplicate={() => onDuplicateBlock(block.id)}
                            onRemove={() => onRemoveBlock(block.id)}
                          />
                        ) : null}
                      </li>
                    );
                  })}
                </ol>
              ))}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
