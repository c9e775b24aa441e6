DROP INDEX "single_send_recipients_run_id_email_index";--> statement-breakpoint
DROP INDEX "single_send_recipients_subject_id_status_index";--> statement-breakpoint
CREATE INDEX "single_send_recipients_pending_subject_index" ON "single_send_recipients" USING btree ("subject_id") WHERE "single_send_recipients"."status" in ('queued', 'sending');