export type Role = "admin" | "member";

/** Who is acting: a signed-in user, an API key (acts with admin rights), or the system itself (worker, CLI). */
export type Actor =
  | { type: "user"; id: string; email: string; role: Role }
  | { type: "api_key"; id: string; name: string; role: "admin" }
  | { type: "system"; id: null; name: string; role: "admin" };

export function actorLabel(actor: Actor): string {
  switch (actor.type) {
    case "user":
      return actor.email;
    case "api_key":
      return `API key "${actor.name}"`;
    case "system":
      return actor.name;
  }
}

export const systemActor = (name: string): Actor => ({ type: "system", id: null, name, role: "admin" });
