/** A library component as the builder needs it: its partial name, type (HEADER, BUTTON, …) and variables. */
export interface BuilderLibraryComponent {
  name: string;
  type: string;
  variables: Array<{ name: string; defaultValue: string; description: string }>;
}
