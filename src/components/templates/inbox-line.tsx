interface InboxLineProps {
  senderName: string;
  subject: string;
  preheader: string;
}

/** The email as a row in an inbox list (sender, bold subject, grey preheader), the way recipients first see it. */
export function InboxLine({ senderName, subject, preheader }: InboxLineProps) {
  return (
    <div className="flex min-w-0 items-center gap-3 rounded-md border bg-background px-3 py-2 text-sm" data-testid="inbox-line" aria-label="Inbox preview">
      <span className="w-32 shrink-0 truncate font-semibold">{senderName}</span>
      <span className="min-w-0 truncate">
        <span className="font-semibold" data-testid="inbox-line-subject">
          {subject || "(no subject)"}
        </span>
        {preheader ? (
          <span className="text-muted-foreground" data-testid="inbox-line-preheader">
            {" "}
            – {preheader}
          </span>
        ) : null}
      </span>
    </div>
  );
}
