import { Button } from "./button";
import { DialogClose, DialogFooter } from "./dialog";

/** A form's error that belongs to no single field (conflicts, server refusals). */
export function FormError({ message }: { message: string | null | undefined }) {
  return message ? (
    <p role="alert" className="text-sm text-destructive">
      {message}
    </p>
  ) : null;
}

/** Cancel (closes the dialog) and the submit button of a dialog form; both wait while the request is pending. */
export function DialogFormFooter({ pending, submitLabel, submitDisabled }: { pending: boolean; submitLabel: string; submitDisabled?: boolean }) {
  return (
    <DialogFooter>
      <DialogClose asChild>
        <Button type="button" variant="outline" disabled={pending}>
          Cancel
        </Button>
      </DialogClose>
      <Button type="submit" pending={pending} disabled={submitDisabled}>
        {submitLabel}
      </Button>
    </DialogFooter>
  );
}
