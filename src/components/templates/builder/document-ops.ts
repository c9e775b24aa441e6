import {
  defaultSection,
  newBuilderId,
  type BuilderBlock,
  type BuilderDocument,
  type BuilderSection,
  type ComponentPlacement,
  type GlobalStyles,
} from "@/server/domain/rendering/builder/document";

/** Pure, immutable edits of a builder document. An unknown id leaves the document unchanged (same object). */

export type BuilderSelection = { kind: "section"; id: string } | { kind: "block"; id: string } | null;
export type Direction = "up" | "down";

export interface BlockLocation {
  sectionIndex: number;
  columnIndex: number;
  blockIndex: number;
  block: BuilderBlock;
}

type IdFactory = (prefix: "section" | "block") => string;

export function findBlock(doc: BuilderDocument, blockId: string): BlockLocation | null {
  for (const [sectionIndex, section] of doc.sections.entries()) {
    for (const [columnIndex, column] of section.blocks.entries()) {
      const blockIndex = column.findIndex((block) => block.id === blockId);
      const block = column[blockIndex];
      if (block) return { sectionIndex, columnIndex, blockIndex, block };
    }
  }
  return null;
}

/** A section that is only a full-width component (a header or footer); it takes no other blocks. */
export function isComponentSection(section: BuilderSection): boolean {
  const only = section.blocks[0]?.[0];
  return section.columns === 1 && section.blocks[0]?.length === 1 && only?.type === "component" && only.placement === "section";
}

function isFullWidthComponent(block: BuilderBlock): boolean {
  return block.type === "component" && block.placement === "section";
}

function withSections(doc: BuilderDocument, sections: BuilderSection[]): BuilderDocument {
  return { ...doc, sections };
}

function replaceSection(doc: BuilderDocument, index: number, section: BuilderSection): BuilderDocument {
  return withSections(doc, doc.sections.map((existing, i) => (i === index ? section : existing)));
}

function replaceColumn(section: BuilderSection, columnIndex: number, column: BuilderBlock[]): BuilderSection {
  return { ...section, blocks: section.blocks.map((existing, i) => (i === columnIndex ? column : existing)) };
}

function insertAt<T>(items: readonly T[], index: number, item: T): T[] {
  return [...items.slice(0, index), item, ...items.slice(index)];
}

function swap<T>(items: readonly T[], a: number, b: number): T[] {
  const next = [...items];
  const first = next[a];
  const second = next[b];
  if (first === undefined || second === undefined) return next;
  next[a] = second;
  next[b] = first;
  return next;
}

/** Inserts a section after `afterSectionId` (or at the end). */
export function addSection(doc: BuilderDocument, section: BuilderSection, afterSectionId?: string): BuilderDocument {
  const after = afterSectionId === undefined ? -1 : doc.sections.findIndex((s) => s.id === afterSectionId);
  return withSections(doc, insertAt(doc.sections, after === -1 ? doc.sections.length : after + 1, section));
}

/** Inserts a block into a column of a section, at `index` (default: the end of the column). */
export function addBlock(
  doc: BuilderDocument,
  block: BuilderBlock,
  target: { sectionId: string; column: number; index?: number },
): BuilderDocument {
  const sectionIndex = doc.sections.findIndex((s) => s.id === target.sectionId);
  const section = doc.sections[sectionIndex];
  const column = section?.blocks[target.column];
  if (!section || !column) return doc;
  const index = Math.min(Math.max(target.index ?? column.length, 0), column.length);
  return replaceSection(doc, sectionIndex, replaceColumn(section, target.column, insertAt(column, index, block)));
}

/**
 * Adds a block where the author is working: after the selected block, at the end of the selected section's first
 * column, or at the end of the last section. A full-width component, or any block with no section to go into, gets a
 * new one-column section of its own.
 */
export function addBlockAtSelection(
  doc: BuilderDocument,
  block: BuilderBlock,
  selection: BuilderSelection,
  makeId: IdFactory = newBuilderId,
): BuilderDocument {
  const location = selection?.kind === "block" ? findBlock(doc, selection.id) : null;
  const sectionIndex = location
    ? location.sectionIndex
    : selection?.kind === "section"
      ? doc.sections.findIndex((s) => s.id === selection.id)
      : doc.sections.length - 1;
  const section = doc.sections[sectionIndex];
  if (!section || isFullWidthComponent(block) || isComponentSection(section)) {
    const own = { ...defaultSection(1, makeId("section")), blocks: [[block]] };
    return addSection(doc, own, section?.id);
  }
  if (location) return addBlock(doc, block, { sectionId: section.id, column: location.columnIndex, index: location.blockIndex + 1 });
  return addBlock(doc, block, { sectionId: section.id, column: 0 });
}

/**
 * Moves a block one place up or down in its column; past the top or bottom of the column it moves into the
 * neighbouring section (end of the previous one, start of the next one). A full-width component moves with its section.
 */
export function moveBlock(doc: BuilderDocument, blockId: string, direction: Direction): BuilderDocument {
  const location = findBlock(doc, blockId);
  if (!location) return doc;
  const { sectionIndex, columnIndex, blockIndex, block } = location;
  const section = doc.sections[sectionIndex];
  if (!section) return doc;
  if (isComponentSection(section)) return moveSection(doc, section.id, direction);
  const column = section.blocks[columnIndex] ?? [];
  const targetIndex = direction === "up" ? blockIndex - 1 : blockIndex + 1;
  if (targetIndex >= 0 && targetIndex < column.length) {
    return replaceSection(doc, sectionIndex, replaceColumn(section, columnIndex, swap(column, blockIndex, targetIndex)));
  }
  const neighbourIndex = direction === "up" ? sectionIndex - 1 : sectionIndex + 1;
  const neighbour = doc.sections[neighbourIndex];
  if (!neighbour || isComponentSection(neighbour)) return doc;
  const neighbourColumn = Math.min(columnIndex, neighbour.blocks.length - 1);
  const removed = replaceColumn(section, columnIndex, column.filter((b) => b.id !== blockId));
  const destination = neighbour.blocks[neighbourColumn] ?? [];
  const moved = replaceColumn(neighbour, neighbourColumn, direction === "up" ? [...destination, block] : [block, ...destination]);
  return withSections(
    doc,
    doc.sections.map((s, i) => (i === sectionIndex ? removed : i === neighbourIndex ? moved : s)),
  );
}

/** Replaces a block (keeping its id), given the new block or a function of the old one. */
export function updateBlock(doc: BuilderDocument, blockId: string, next: BuilderBlock | ((block: BuilderBlock) => BuilderBlock)): BuilderDocument {
  const location = findBlock(doc, blockId);
  const section = location ? doc.sections[location.sectionIndex] : undefined;
  if (!location || !section) return doc;
  const updated = { ...(typeof next === "function" ? next(location.block) : next), id: blockId };
  const column = (section.blocks[location.columnIndex] ?? []).map((b) => (b.id === blockId ? updated : b));
  return replaceSection(doc, location.sectionIndex, replaceColumn(section, location.columnIndex, column));
}

/** Removes a block; a full-width component's section goes with it. */
export function removeBlock(doc: BuilderDocument, blockId: string): BuilderDocument {
  const location = findBlock(doc, blockId);
  const section = location ? doc.sections[location.sectionIndex] : undefined;
  if (!location || !section) return doc;
  if (isComponentSection(section)) return removeSection(doc, section.id);
  const column = (section.blocks[location.columnIndex] ?? []).filter((b) => b.id !== blockId);
  return replaceSection(doc, location.sectionIndex, replaceColumn(section, location.columnIndex, column));
}

/** Inserts a copy (with a new id) right after the block; a full-width component's section is duplicated instead. */
export function duplicateBlock(doc: BuilderDocument, blockId: string, makeId: IdFactory = newBuilderId): BuilderDocument {
  const location = findBlock(doc, blockId);
  const section = location ? doc.sections[location.sectionIndex] : undefined;
  if (!location || !section) return doc;
  if (isComponentSection(section)) return duplicateSection(doc, section.id, makeId);
  const copy = structuredClone({ ...location.block, id: makeId("block") });
  return addBlock(doc, copy, { sectionId: section.id, column: location.columnIndex, index: location.blockIndex + 1 });
}

/**
 * Switches a component block between column content and a full-width section. Going full width moves the block out
 * into a new one-column section right after its own, since a full-width component cannot share a section.
 */
export function setComponentPlacement(
  doc: BuilderDocument,
  blockId: string,
  placement: ComponentPlacement,
  makeId: IdFactory = newBuilderId,
): BuilderDocument {
  const location = findBlock(doc, blockId);
  const section = location ? doc.sections[location.sectionIndex] : undefined;
  if (!location || !section || location.block.type !== "component" || location.block.placement === placement) return doc;
  const updated = { ...location.block, placement };
  const alone = section.columns === 1 && section.blocks[0]?.length === 1;
  if (placement === "column" || alone) return updateBlock(doc, blockId, updated);
  const own = { ...defaultSection(1, makeId("section")), blocks: [[updated]] };
  return addSection(removeBlock(doc, blockId), own, section.id);
}

export function moveSection(doc: BuilderDocument, sectionId: string, direction: Direction): BuilderDocument {
  const index = doc.sections.findIndex((s) => s.id === sectionId);
  const target = direction === "up" ? index - 1 : index + 1;
  if (index === -1 || target < 0 || target >= doc.sections.length) return doc;
  return withSections(doc, swap(doc.sections, index, target));
}

export function removeSection(doc: BuilderDocument, sectionId: string): BuilderDocument {
  if (!doc.sections.some((s) => s.id === sectionId)) return doc;
  return withSections(doc, doc.sections.filter((s) => s.id !== sectionId));
}

/** Inserts a copy of the section, with new ids for it and its blocks, right after it. */
export function duplicateSection(doc: BuilderDocument, sectionId: string, makeId: IdFactory = newBuilderId): BuilderDocument {
  const section = doc.sections.find((s) => s.id === sectionId);
  if (!section) return doc;
  const copy: BuilderSection = {
    ...structuredClone(section),
    id: makeId("section"),
    blocks: section.blocks.map((column) => column.map((block) => ({ ...structuredClone(block), id: makeId("block") }))),
  };
  return addSection(doc, copy, sectionId);
}

/** Changes a section's column count; going from two columns to one appends the second column's blocks to the first. */
export function setSectionColumns(doc: BuilderDocument, sectionId: string, columns: 1 | 2): BuilderDocument {
  const index = doc.sections.findIndex((s) => s.id === sectionId);
  const section = doc.sections[index];
  if (!section || section.columns === columns) return doc;
  const blocks = columns === 1 ? [section.blocks.flat()] : [section.blocks[0] ?? [], []];
  return replaceSection(doc, index, { ...section, columns, blocks });
}

/** Updates a section's background and padding; a `backgroundColor` of undefined falls back to the global one. */
export function updateSection(
  doc: BuilderDocument,
  sectionId: string,
  patch: Partial<Pick<BuilderSection, "backgroundColor" | "padding">>,
): BuilderDocument {
  const index = doc.sections.findIndex((s) => s.id === sectionId);
  const section = doc.sections[index];
  if (!section) return doc;
  const { backgroundColor, ...rest } = { ...section, ...patch };
  return replaceSection(doc, index, backgroundColor === undefined ? rest : { ...rest, backgroundColor });
}

export function updateGlobalStyles(doc: BuilderDocument, patch: Partial<GlobalStyles>): BuilderDocument {
  return { ...doc, globalStyles: { ...doc.globalStyles, ...patch } };
}
