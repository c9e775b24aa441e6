ALTER TABLE "single_send_recipients" DROP CONSTRAINT "single_send_recipients_run_id_single_send_runs_id_fk";
--> statement-breakpoint
CREATE FUNCTION "delete_recipients_of_deleted_runs"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "single_send_recipients" r USING "deleted_runs" d WHERE r."run_id" = d."id";
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "single_send_runs_delete_recipients" AFTER DELETE ON "single_send_runs"
  REFERENCING OLD TABLE AS "deleted_runs" FOR EACH STATEMENT EXECUTE FUNCTION "delete_recipients_of_deleted_runs"();
