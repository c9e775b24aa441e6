DROP INDEX "single_send_recipients_run_id_subject_id_index";--> statement-breakpoint
DROP INDEX "single_send_recipients_run_id_status_index";--> statement-breakpoint
ALTER TABLE "single_send_recipients" ADD COLUMN "send_job_id" text;--> statement-breakpoint
ALTER TABLE "single_send_runs" ADD COLUMN "campaign_group_id" uuid;--> statement-breakpoint
ALTER TABLE "single_send_runs" ADD COLUMN "priority" integer NOT NULL;--> statement-breakpoint
ALTER TABLE "single_send_runs" ADD COLUMN "trigger_id" uuid NOT NULL;--> statement-breakpoint
ALTER TABLE "single_send_runs" ADD CONSTRAINT "single_send_runs_campaign_group_id_campaign_groups_id_fk" FOREIGN KEY ("campaign_group_id") REFERENCES "public"."campaign_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "single_send_recipients_run_subject_unique" ON "single_send_recipients" USING btree ("run_id","subject_id") WHERE "single_send_recipients"."skip_reason" is distinct from 'duplicate';--> statement-breakpoint
CREATE INDEX "single_send_recipients_run_id_email_index" ON "single_send_recipients" USING btree ("run_id","email");--> statement-breakpoint
CREATE INDEX "single_send_recipients_run_id_status_id_index" ON "single_send_recipients" USING btree ("run_id","status","id");--> statement-breakpoint
CREATE INDEX "single_send_runs_campaign_group_id_status_index" ON "single_send_runs" USING btree ("campaign_group_id","status");--> statement-breakpoint
CREATE INDEX "single_send_runs_trigger_id_index" ON "single_send_runs" USING btree ("trigger_id");