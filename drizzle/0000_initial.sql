CREATE TYPE "public"."actor_type" AS ENUM('user', 'api_key', 'system');--> statement-breakpoint
CREATE TYPE "public"."collision_policy" AS ENUM('HIGHEST_PRIORITY_WINS', 'FIRST_QUEUED_WINS', 'SEND_ALL');--> statement-breakpoint
CREATE TYPE "public"."component_content_type" AS ENUM('MJML', 'HTML');--> statement-breakpoint
CREATE TYPE "public"."component_type" AS ENUM('HEADER', 'FOOTER', 'BUTTON', 'CARD', 'DIVIDER', 'SNIPPET');--> statement-breakpoint
CREATE TYPE "public"."data_connector_type" AS ENUM('POSTGRES', 'BIGQUERY');--> statement-breakpoint
CREATE TYPE "public"."email_connector_type" AS ENUM('SES', 'RESEND', 'SMTP', 'DEV_INBOX');--> statement-breakpoint
CREATE TYPE "public"."email_event_type" AS ENUM('DELIVERED', 'BOUNCED', 'COMPLAINED', 'OPENED', 'CLICKED', 'REJECTED', 'DELAYED');--> statement-breakpoint
CREATE TYPE "public"."send_status" AS ENUM('SENDING', 'SENT', 'DELIVERED', 'BOUNCED', 'COMPLAINED', 'FAILED');--> statement-breakpoint
CREATE TYPE "public"."recipient_status" AS ENUM('queued', 'sending', 'sent', 'skipped', 'failed', 'unconfirmed');--> statement-breakpoint
CREATE TYPE "public"."run_status" AS ENUM('PENDING', 'BUILDING', 'READY', 'SENDING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED');--> statement-breakpoint
CREATE TYPE "public"."schedule_type" AS ENUM('MANUAL', 'ONCE', 'CRON');--> statement-breakpoint
CREATE TYPE "public"."single_send_status" AS ENUM('ACTIVE', 'DRAFT', 'PAUSED', 'ARCHIVED');--> statement-breakpoint
CREATE TYPE "public"."suppression_reason" AS ENUM('bounce', 'complaint', 'unsubscribe', 'manual');--> statement-breakpoint
CREATE TYPE "public"."authoring_mode" AS ENUM('MJML', 'HTML', 'BUILDER');--> statement-breakpoint
CREATE TYPE "public"."template_category" AS ENUM('MARKETING', 'TRANSACTIONAL');--> statement-breakpoint
CREATE TYPE "public"."user_role" AS ENUM('admin', 'member');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"collision_window" integer DEFAULT 86400 NOT NULL,
	"collision_policy" "collision_policy" DEFAULT 'HIGHEST_PRIORITY_WINS' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_groups_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "components" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"type" "component_type" NOT NULL,
	"content_type" "component_content_type" NOT NULL,
	"content" text NOT NULL,
	"variables" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"preview_html" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "components_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "data_connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" "data_connector_type" NOT NULL,
	"name" text NOT NULL,
	"encrypted_config" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_connectors_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "dev_inbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email_connector_id" uuid,
	"to" text NOT NULL,
	"from" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "email_connectors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"type" "email_connector_type" NOT NULL,
	"name" text NOT NULL,
	"encrypted_config" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_connectors_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"sql_query" text NOT NULL,
	"data_connector_id" uuid NOT NULL,
	"parameters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_dry_run_count" integer,
	"last_dry_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "segments_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "sender_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"from_email" text NOT NULL,
	"from_name" text DEFAULT '' NOT NULL,
	"reply_to" text,
	"email_connector_id" uuid NOT NULL,
	"bucket_size" integer DEFAULT 100 NOT NULL,
	"refill_per_second" double precision DEFAULT 10 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sender_profiles_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "email_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"send_id" uuid,
	"provider" text NOT NULL,
	"provider_event_id" text NOT NULL,
	"type" "email_event_type" NOT NULL,
	"email" text,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "send_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_id" text NOT NULL,
	"campaign_group_id" uuid,
	"single_send_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"recipient_id" bigint NOT NULL,
	"run_id" uuid NOT NULL,
	"single_send_id" uuid NOT NULL,
	"email_connector_id" uuid,
	"email" text NOT NULL,
	"provider_message_id" text,
	"status" "send_status" DEFAULT 'SENDING' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workspace_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"organization_name" text DEFAULT 'My organisation' NOT NULL,
	"postal_address" text DEFAULT '' NOT NULL,
	"default_timezone" text DEFAULT 'UTC' NOT NULL,
	"mask_pii_for_members" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_settings_singleton" CHECK ("workspace_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "single_send_recipients" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"subject_id" text NOT NULL,
	"email" text NOT NULL,
	"variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" "recipient_status" NOT NULL,
	"skip_reason" text,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "single_send_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"single_send_id" uuid NOT NULL,
	"status" "run_status" DEFAULT 'PENDING' NOT NULL,
	"segment_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"template_version_id" uuid,
	"compiled_subject" text,
	"compiled_html" text,
	"compiled_text" text,
	"stats" jsonb,
	"triggered_by" text NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "single_sends" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"campaign_group_id" uuid,
	"priority" integer DEFAULT 100 NOT NULL,
	"segment_id" uuid NOT NULL,
	"segment_params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"template_id" uuid NOT NULL,
	"sender_profile_id" uuid NOT NULL,
	"status" "single_send_status" DEFAULT 'ACTIVE' NOT NULL,
	"schedule_type" "schedule_type" DEFAULT 'MANUAL' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"cron_expression" text,
	"timezone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"email_normalized" text NOT NULL,
	"reason" "suppression_reason" NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suppressions_emailNormalized_unique" UNIQUE("email_normalized")
);
--> statement-breakpoint
CREATE TABLE "template_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"template_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"subject" text NOT NULL,
	"preheader" text DEFAULT '' NOT NULL,
	"authoring_mode" "authoring_mode" NOT NULL,
	"body_mjml" text,
	"body_html" text,
	"body_text" text,
	"builder_json" jsonb,
	"compiled_subject" text,
	"compiled_html" text,
	"compiled_text" text,
	"active" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"published_by_id" uuid,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"category" "template_category" DEFAULT 'MARKETING' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "templates_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_keyHash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"password_hash" text,
	"role" "user_role" DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_login_at" timestamp with time zone,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "dev_inbox_messages" ADD CONSTRAINT "dev_inbox_messages_email_connector_id_email_connectors_id_fk" FOREIGN KEY ("email_connector_id") REFERENCES "public"."email_connectors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segments" ADD CONSTRAINT "segments_data_connector_id_data_connectors_id_fk" FOREIGN KEY ("data_connector_id") REFERENCES "public"."data_connectors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sender_profiles" ADD CONSTRAINT "sender_profiles_email_connector_id_email_connectors_id_fk" FOREIGN KEY ("email_connector_id") REFERENCES "public"."email_connectors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_events" ADD CONSTRAINT "email_events_send_id_sends_id_fk" FOREIGN KEY ("send_id") REFERENCES "public"."sends"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_log" ADD CONSTRAINT "send_log_campaign_group_id_campaign_groups_id_fk" FOREIGN KEY ("campaign_group_id") REFERENCES "public"."campaign_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_log" ADD CONSTRAINT "send_log_single_send_id_single_sends_id_fk" FOREIGN KEY ("single_send_id") REFERENCES "public"."single_sends"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "send_log" ADD CONSTRAINT "send_log_run_id_single_send_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."single_send_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sends" ADD CONSTRAINT "sends_recipient_id_single_send_recipients_id_fk" FOREIGN KEY ("recipient_id") REFERENCES "public"."single_send_recipients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sends" ADD CONSTRAINT "sends_run_id_single_send_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."single_send_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sends" ADD CONSTRAINT "sends_single_send_id_single_sends_id_fk" FOREIGN KEY ("single_send_id") REFERENCES "public"."single_sends"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sends" ADD CONSTRAINT "sends_email_connector_id_email_connectors_id_fk" FOREIGN KEY ("email_connector_id") REFERENCES "public"."email_connectors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_send_recipients" ADD CONSTRAINT "single_send_recipients_run_id_single_send_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."single_send_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_send_runs" ADD CONSTRAINT "single_send_runs_single_send_id_single_sends_id_fk" FOREIGN KEY ("single_send_id") REFERENCES "public"."single_sends"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_send_runs" ADD CONSTRAINT "single_send_runs_template_version_id_template_versions_id_fk" FOREIGN KEY ("template_version_id") REFERENCES "public"."template_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_sends" ADD CONSTRAINT "single_sends_campaign_group_id_campaign_groups_id_fk" FOREIGN KEY ("campaign_group_id") REFERENCES "public"."campaign_groups"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_sends" ADD CONSTRAINT "single_sends_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_sends" ADD CONSTRAINT "single_sends_template_id_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."templates"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "single_sends" ADD CONSTRAINT "single_sends_sender_profile_id_sender_profiles_id_fk" FOREIGN KEY ("sender_profile_id") REFERENCES "public"."sender_profiles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_template_id_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_created_at_index" ON "audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_type_entity_id_index" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "dev_inbox_messages_to_created_at_index" ON "dev_inbox_messages" USING btree ("to","created_at");--> statement-breakpoint
CREATE INDEX "dev_inbox_messages_created_at_index" ON "dev_inbox_messages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "segments_data_connector_id_index" ON "segments" USING btree ("data_connector_id");--> statement-breakpoint
CREATE INDEX "sender_profiles_email_connector_id_index" ON "sender_profiles" USING btree ("email_connector_id");--> statement-breakpoint
CREATE UNIQUE INDEX "email_events_provider_provider_event_id_index" ON "email_events" USING btree ("provider","provider_event_id");--> statement-breakpoint
CREATE INDEX "email_events_send_id_index" ON "email_events" USING btree ("send_id");--> statement-breakpoint
CREATE INDEX "email_events_occurred_at_index" ON "email_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "send_log_campaign_group_id_subject_id_sent_at_index" ON "send_log" USING btree ("campaign_group_id","subject_id","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "send_log_run_id_subject_id_index" ON "send_log" USING btree ("run_id","subject_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sends_recipient_id_index" ON "sends" USING btree ("recipient_id");--> statement-breakpoint
CREATE INDEX "sends_provider_message_id_index" ON "sends" USING btree ("provider_message_id");--> statement-breakpoint
CREATE INDEX "sends_run_id_status_index" ON "sends" USING btree ("run_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "single_send_recipients_run_id_subject_id_index" ON "single_send_recipients" USING btree ("run_id","subject_id");--> statement-breakpoint
CREATE INDEX "single_send_recipients_run_id_status_index" ON "single_send_recipients" USING btree ("run_id","status");--> statement-breakpoint
CREATE INDEX "single_send_recipients_subject_id_status_index" ON "single_send_recipients" USING btree ("subject_id","status");--> statement-breakpoint
CREATE INDEX "single_send_runs_single_send_id_created_at_index" ON "single_send_runs" USING btree ("single_send_id","created_at");--> statement-breakpoint
CREATE INDEX "single_sends_campaign_group_id_priority_index" ON "single_sends" USING btree ("campaign_group_id","priority");--> statement-breakpoint
CREATE INDEX "suppressions_reason_created_at_index" ON "suppressions" USING btree ("reason","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "template_versions_template_id_version_index" ON "template_versions" USING btree ("template_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "template_versions_one_active_per_template" ON "template_versions" USING btree ("template_id") WHERE "template_versions"."active";--> statement-breakpoint
CREATE INDEX "api_keys_created_at_index" ON "api_keys" USING btree ("created_at");