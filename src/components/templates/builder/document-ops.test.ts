import { describe, expect, it } from "vitest";
import {
  builderDocumentSchema,
  defaultBlock,
  defaultComponentBlock,
  defaultSection,
  emptyBuilderDocument,
  type BuilderDocument,
} from "@/server/domain/rendering/builder/document";
import {
  addBlock,
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
} from "./document-ops";

function counterIds() {
  let n = 0;
  return (prefix: "section" | "block") => `${prefix}-new-${++n}`;
}

/** s1: [a, b] | s2: [c] [d] | s3: header component alone */
function sample(): BuilderDocument {
  const doc = emptyBuilderDocument();
  doc.sections = [
    { ...defaultSection(1, "s1"), blocks: [[defaultBlock("text", "a"), defaultBlock("button", "b")]] },
    { ...defaultSection(2, "s2"), blocks: [[defaultBlock("image", "c")], [defaultBlock("divider", "d")]] },
    { ...defaultSection(1, "s3"), blocks: [[defaultComponentBlock("footer", "FOOTER", "f")]] },
  ];
  return doc;
}

const layout = (doc: BuilderDocument) => doc.sections.map((s) => s.blocks.map((column) => column.map((b) => b.id)));

describe("builder document operations", () => {
  it("adds sections at the end or after a given section without touching the original", () => {
    const doc = sample();
    const before = structuredClone(doc);
    const atEnd = addSection(doc, defaultSection(2, "n1"));
    const after = addSection(doc, defaultSection(1, "n2"), "s1");
    expect(atEnd.sections.map((s) => s.id)).toEqual(["s1", "s2", "s3", "n1"]);
    expect(atEnd.sections[3]?.blocks).toEqual([[], []]);
    expect(after.sections.map((s) => s.id)).toEqual(["s1", "n2", "s2", "s3"]);
    expect(doc).toEqual(before);
  });

  it("adds blocks to a column at an index or the end, and ignores unknown targets", () => {
    const doc = sample();
    expect(layout(addBlock(doc, defaultBlock("spacer", "x"), { sectionId: "s1", column: 0, index: 1 }))[0]).toEqual([["a", "x", "b"]]);
    expect(layout(addBlock(doc, defaultBlock("spacer", "x"), { sectionId: "s2", column: 1 }))[1]).toEqual([["c"], ["d", "x"]]);
    expect(addBlock(doc, defaultBlock("spacer", "x"), { sectionId: "nope", column: 0 })).toBe(doc);
    expect(addBlock(doc, defaultBlock("spacer", "x"), { sectionId: "s1", column: 1 })).toBe(doc);
  });

  it("adds a block where the author is working", () => {
    const doc = sample();
    const ids = counterIds();
    expect(layout(addBlockAtSelection(doc, defaultBlock("spacer", "x"), { kind: "block", id: "a" }, ids))[0]).toEqual([["a", "x", "b"]]);
    expect(layout(addBlockAtSelection(doc, defaultBlock("spacer", "x"), { kind: "block", id: "d" }, ids))[1]).toEqual([["c"], ["d", "x"]]);
    expect(layout(addBlockAtSelection(doc, defaultBlock("spacer", "x"), { kind: "section", id: "s2" }, ids))[1]).toEqual([["c", "x"], ["d"]]);
    const afterFooter = addBlockAtSelection(doc, defaultBlock("spacer", "x"), null, counterIds());
    expect(layout(afterFooter).slice(2)).toEqual([[["f"]], [["x"]]]);
    expect(afterFooter.sections[3]?.id).toBe("section-new-1");
    const header = addBlockAtSelection(doc, defaultComponentBlock("header", "HEADER", "h"), { kind: "block", id: "a" }, counterIds());
    expect(layout(header).slice(0, 2)).toEqual([[["a", "b"]], [["h"]]]);
    const first = addBlockAtSelection(emptyBuilderDocument(), defaultBlock("text", "t"), null, counterIds());
    expect(layout(first)).toEqual([[["t"]]]);
    expect(builderDocumentSchema.safeParse(first).success).toBe(true);
  });

  it("moves blocks within a column and across sections, but never into a full-width component section", () => {
    const doc = sample();
    expect(layout(moveBlock(doc, "b", "up"))[0]).toEqual([["b", "a"]]);
    expect(layout(moveBlock(doc, "b", "down")).slice(0, 2)).toEqual([[["a"]], [["b", "c"], ["d"]]]);
    expect(layout(moveBlock(doc, "d", "up")).slice(0, 2)).toEqual([[["a", "b", "d"]], [["c"], []]]);
    expect(moveBlock(doc, "a", "up")).toBe(doc);
    expect(moveBlock(doc, "d", "down")).toBe(doc);
    expect(layout(moveBlock(doc, "f", "up"))).toEqual([[["a", "b"]], [["f"]], [["c"], ["d"]]]);
    expect(moveBlock(doc, "missing", "up")).toBe(doc);
  });

  it("updates a block, keeping its id and its position", () => {
    const doc = sample();
    const next = updateBlock(doc, "b", (block) => (block.type === "button" ? { ...block, url: "{{ctaUrl}}", id: "hijack" } : block));
    const found = findBlock(next, "b");
    expect(found?.block).toMatchObject({ type: "button", url: "{{ctaUrl}}" });
    expect([found?.sectionIndex, found?.columnIndex, found?.blockIndex]).toEqual([0, 0, 1]);
    expect(findBlock(doc, "b")?.block).toMatchObject({ url: "https://example.com" });
    expect(updateBlock(doc, "missing", defaultBlock("text", "z"))).toBe(doc);
  });

  it("removes blocks, and a full-width component together with its section", () => {
    const doc = sample();
    expect(layout(removeBlock(doc, "a"))[0]).toEqual([["b"]]);
    expect(removeBlock(doc, "f").sections.map((s) => s.id)).toEqual(["s1", "s2"]);
    expect(removeBlock(doc, "missing")).toBe(doc);
  });

  it("duplicates blocks and sections with fresh ids, and the result stays valid", () => {
    const doc = sample();
    const copied = duplicateBlock(doc, "a", counterIds());
    expect(layout(copied)[0]).toEqual([["a", "block-new-1", "b"]]);
    expect(findBlock(copied, "block-new-1")?.block).toEqual({ ...findBlock(doc, "a")?.block, id: "block-new-1" });
    const footer = duplicateBlock(doc, "f", counterIds());
    expect(layout(footer).slice(2)).toEqual([[["f"]], [["block-new-2"]]]);
    const section = duplicateSection(doc, "s2", counterIds());
    expect(section.sections.map((s) => s.id)).toEqual(["s1", "s2", "section-new-1", "s3"]);
    expect(layout(section)[2]).toEqual([["block-new-2"], ["block-new-3"]]);
    for (const result of [copied, footer, section]) expect(builderDocumentSchema.safeParse(result).success).toBe(true);
  });

  it("moves a component going full width into its own section, and back into a column in place", () => {
    const doc = sample();
    const withButton = addBlock(doc, defaultComponentBlock("cta", "BUTTON", "k"), { sectionId: "s1", column: 0, index: 1 });
    const wide = setComponentPlacement(withButton, "k", "section", counterIds());
    expect(layout(wide).slice(0, 2)).toEqual([[["a", "b"]], [["k"]]]);
    expect(findBlock(wide, "k")?.block).toMatchObject({ placement: "section" });
    expect(builderDocumentSchema.safeParse(wide).success).toBe(true);
    const narrow = setComponentPlacement(wide, "k", "column");
    expect(layout(narrow)).toEqual(layout(wide));
    expect(findBlock(narrow, "k")?.block).toMatchObject({ placement: "column" });
    expect(setComponentPlacement(doc, "a", "section")).toBe(doc);
    expect(setComponentPlacement(doc, "f", "section")).toBe(doc);
  });

  it("moves and removes sections", () => {
    const doc = sample();
    expect(moveSection(doc, "s2", "up").sections.map((s) => s.id)).toEqual(["s2", "s1", "s3"]);
    expect(moveSection(doc, "s3", "down")).toBe(doc);
    expect(removeSection(doc, "s1").sections.map((s) => s.id)).toEqual(["s2", "s3"]);
    expect(removeSection(doc, "missing")).toBe(doc);
  });

  it("changes the column count, merging the second column into the first", () => {
    const doc = sample();
    const one = setSectionColumns(doc, "s2", 1);
    expect(one.sections[1]).toMatchObject({ columns: 1 });
    expect(layout(one)[1]).toEqual([["c", "d"]]);
    const two = setSectionColumns(doc, "s1", 2);
    expect(layout(two)[0]).toEqual([["a", "b"], []]);
    expect(builderDocumentSchema.safeParse(two).success).toBe(true);
    expect(setSectionColumns(doc, "s1", 1)).toBe(doc);
  });

  it("sets and clears a section background and updates global styles", () => {
    const doc = sample();
    const coloured = updateSection(doc, "s1", { backgroundColor: "#abcdef", padding: { top: 1, right: 2, bottom: 3, left: 4 } });
    expect(coloured.sections[0]).toMatchObject({ backgroundColor: "#abcdef", padding: { top: 1, right: 2, bottom: 3, left: 4 } });
    const cleared = updateSection(coloured, "s1", { backgroundColor: undefined });
    expect("backgroundColor" in (cleared.sections[0] ?? {})).toBe(false);
    expect(cleared.sections[0]?.padding.top).toBe(1);
    const styled = updateGlobalStyles(doc, { width: 700, linkColor: "#000" });
    expect(styled.globalStyles).toMatchObject({ width: 700, linkColor: "#000", buttonColor: doc.globalStyles.buttonColor });
    expect(doc.globalStyles.width).toBe(600);
  });
});
