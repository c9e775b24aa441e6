import { defaultBlock, defaultSection, emptyBuilderDocument, type BuilderDocument } from "@/server/domain/rendering/builder/document";

/** A new builder template's first draft: one section with one text block, so the preview is not blank. */
export function starterBuilderDocument(): BuilderDocument {
  const text = { ...defaultBlock("text"), content: "Hi {{first_name}},\nwrite your message here." };
  return { ...emptyBuilderDocument(), sections: [{ ...defaultSection(1), blocks: [[text]] }] };
}
