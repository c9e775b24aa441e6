"use client";

import { CircleAlert } from "lucide-react";
import { useMemo, useState } from "react";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import {
  defaultBlock,
  defaultComponentBlock,
  defaultSection,
  validateBuilderDocument,
  type BlockType,
  type BuilderDocument,
} from "@/server/domain/rendering/builder/document";
import { BLOCK_LABELS, BlockProperties, SectionProperties } from "./block-properties";
import { BuilderCanvas } from "./builder-canvas";
import { BuilderPalette } from "./builder-palette";
import {
  addBlockAtSelection,
  addSection,
  duplicateBlock,
  duplicateSection,
  findBlock,
  moveBlock,
  moveSection,
  removeBlock,
  removeSection,
  setComponentPlacement,
  setSectionColumns,
  updateBlock,
  updateGlobalStyles,
  updateSection,
  type BuilderSelection,
} from "./document-ops";
import { GlobalStylesPanel } from "./global-styles-panel";
import type { BuilderLibraryComponent } from "./types";

export interface BlockBuilderProps {
  value: BuilderDocument;
  onChange: (doc: BuilderDocument) => void;
  components: BuilderLibraryComponent[];
  disabled?: boolean;
}

type PanelTab = "properties" | "styles";

/**
 * The BUILDER authoring mode: add sections and blocks from the palette, select one to edit its properties, and set
 * the global styles. Controlled: every edit produces a new document through `onChange`.
 */
export function BlockBuilder({ value, onChange, components, disabled = false }: BlockBuilderProps) {
  const [selection, setSelection] = useState<BuilderSelection>(null);
  const [tab, setTab] = useState<PanelTab>("properties");
  const validation = useMemo(() => validateBuilderDocument(value), [value]);
  const problems = validation.success ? [] : validation.problems;

  const selectedBlock = selection?.kind === "block" ? findBlock(value, selection.id) : null;
  const selectedSection = selection?.kind === "section" ? value.sections.find((s) => s.id === selection.id) : undefined;

  function select(next: BuilderSelection) {
    setSelection(next);
    if (next) setTab("properties");
  }

  function addNewBlock(type: Exclude<BlockType, "component">) {
    const block = defaultBlock(type);
    onChange(addBlockAtSelection(value, block, selection));
    select({ kind: "block", id: block.id });
  }

  function addComponent(component: BuilderLibraryComponent) {
    const block = defaultComponentBlock(component.name, component.type);
    onChange(addBlockAtSelection(value, block, selection));
    select({ kind: "block", id: block.id });
  }

  function addNewSection(columns: 1 | 2) {
    const section = defaultSection(columns);
    const location = selectedBlock ? value.sections[selectedBlock.sectionIndex]?.id : selectedSection?.id;
    onChange(addSection(value, section, location));
    select({ kind: "section", id: section.id });
  }

  function removeSelectedBlock(blockId: string) {
    const location = findBlock(value, blockId);
    const next = removeBlock(value, blockId);
    onChange(next);
    const parent = location ? value.sections[location.sectionIndex] : undefined;
    setSelection(parent && next.sections.some((s) => s.id === parent.id) ? { kind: "section", id: parent.id } : null);
  }

  const blockProblems = selectedBlock ? problems.filter((p) => p.blockId === selectedBlock.block.id) : [];
  const sectionProblems = selectedSection ? problems.filter((p) => p.area === "section" && p.sectionId === selectedSection.id) : [];

  return (
    <div className="grid gap-4">
      {problems.length > 0 ? (
        <div role="status" aria-live="polite" className="rounded-md border border-destructive/50 bg-destructive/5 p-3 text-sm">
          <p className="flex items-center gap-2 font-medium text-destructive">
            <CircleAlert className="size-4" aria-hidden />
            {problems.length === 1 ? "1 problem to fix before publishing" : `${problems.length} problems to fix before publishing`}
          </p>
          <ul className="mt-2 list-disc space-y-1 pl-6 text-muted-foreground">
            {problems.map((problem, index) => (
              <li key={index}>{problem.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="grid items-start gap-4 lg:grid-cols-[11rem_minmax(0,1fr)_20rem]">
        <BuilderPalette
          components={components}
          disabled={disabled}
          onAddSection={addNewSection}
          onAddBlock={addNewBlock}
          onAddComponent={addComponent}
        />
        <section aria-label="Email layout" className="min-w-0">
          <BuilderCanvas
            doc={value}
            selection={selection}
            problems={problems}
            disabled={disabled}
            onSelect={select}
            onMoveBlock={(id, direction) => onChange(moveBlock(value, id, direction))}
            onDuplicateBlock={(id) => onChange(duplicateBlock(value, id))}
            onRemoveBlock={removeSelectedBlock}
            onMoveSection={(id, direction) => onChange(moveSection(value, id, direction))}
            onDuplicateSection={(id) => onChange(duplicateSection(value, id))}
            onRemoveSection={(id) => {
              onChange(removeSection(value, id));
              setSelection(null);
            }}
          />
        </section>
        <Card className="gap-4 py-4">
          <Tabs value={tab} onValueChange={(next) => setTab(next === "styles" ? "styles" : "properties")}>
            <CardHeader className="px-4">
              <TabsList className="w-full">
                <TabsTrigger value="properties">Properties</TabsTrigger>
                <TabsTrigger value="styles">Global styles</TabsTrigger>
              </TabsList>
            </CardHeader>
            <CardContent className="px-4">
              <TabsContent value="properties" className="grid gap-4">
                {selectedBlock ? (
                  <>
                    <CardTitle className="text-sm">
                      {BLOCK_LABELS[selectedBlock.block.type]} · section {selectedBlock.sectionIndex + 1}
                      {value.sections[selectedBlock.sectionIndex]?.columns === 2 ? `, column ${selectedBlock.columnIndex + 1}` : ""}
                    </CardTitle>
                    <BlockProperties
                      key={selectedBlock.block.id}
                      block={selectedBlock.block}
                      problems={blockProblems}
                      styles={value.globalStyles}
                      components={components}
                      disabled={disabled}
                      onChange={(block) => onChange(updateBlock(value, selectedBlock.block.id, block))}
                      onPlacementChange={(placement) => onChange(setComponentPlacement(value, selectedBlock.block.id, placement))}
                    />
                  </>
                ) : selectedSection ? (
                  <>
                    <CardTitle className="text-sm">Section {value.sections.indexOf(selectedSection) + 1}</CardTitle>
                    <SectionProperties
                      key={selectedSection.id}
                      section={selectedSection}
                      problems={sectionProblems}
                      styles={value.globalStyles}
                      disabled={disabled}
                      onColumnsChange={(columns) => onChange(setSectionColumns(value, selectedSection.id, columns))}
                      onChange={(patch) => onChange(updateSection(value, selectedSection.id, patch))}
                    />
                  </>
                ) : (
                  <p className="text-sm text-muted-foreground">Select a block or a section to edit it.</p>
                )}
              </TabsContent>
              <TabsContent value="styles">
                <GlobalStylesPanel
                  styles={value.globalStyles}
                  problems={problems.filter((p) => p.area === "globalStyles")}
                  disabled={disabled}
                  onChange={(patch) => onChange(updateGlobalStyles(value, patch))}
                />
              </TabsContent>
            </CardContent>
          </Tabs>
        </Card>
      </div>
    </div>
  );
}
