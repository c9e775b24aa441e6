/**
 * What a segment query may not call or read in Postgres, by what the thing does. Names are matched lower-cased and
 * without their schema, so `pg_catalog.nextval` and `"NEXTVAL"` are refused like `nextval`. The read-only
 * transaction already stops writes; these lists also cover what a read-only transaction still allows (session-level
 * advisory locks, file reads for privileged roles, dblink's separate connections, signalling other backends) and
 * give a clear message instead of a runtime error.
 */
interface DenyRule {
  reason: string;
  names?: readonly string[];
  prefixes?: readonly string[];
  pattern?: RegExp;
}

const functionRules: readonly DenyRule[] = [
  { reason: "it changes a sequence", names: ["nextval", "setval", "currval", "lastval", "pg_nextoid"] },
  { reason: "it changes server settings", names: ["set_config", "pg_reload_conf", "pg_import_system_collations"] },
  { reason: "it takes advisory locks that outlive the query", prefixes: ["pg_advisory_", "pg_try_advisory_"] },
  {
    reason: "it reads or writes large objects or server files",
    names: ["loread", "lowrite", "pg_stat_file", "pg_current_logfile", "get_raw_page", "heap_page_items"],
    prefixes: ["lo_", "pg_read_", "pg_ls_", "pg_file_", "pg_get_wal_"],
  },
  {
    reason: "it connects to another server",
    prefixes: ["dblink", "postgres_fdw_"],
  },
  {
    reason: "it signals or controls the server",
    names: [
      "pg_cancel_backend",
      "pg_terminate_backend",
      "pg_rotate_logfile",
      "pg_rotate_logfile_old",
      "pg_promote",
      "pg_switch_wal",
      "pg_switch_xlog",
      "pg_start_backup",
      "pg_stop_backup",
      "pg_log_backend_memory_contexts",
      "pg_log_standby_snapshot",
      "pg_prewarm",
    ],
    prefixes: ["pg_backup_", "pg_wal_replay_", "pg_create_", "pg_stat_reset", "pg_replication_origin_", "binary_upgrade_"],
    pattern: /replication_slot/,
  },
  { reason: "it reads or writes logical replication streams", prefixes: ["pg_logical_"] },
  {
    reason: "it runs a query given as text",
    names: ["ts_stat", "ts_rewrite", "connectby"],
    prefixes: ["crosstab"],
    pattern: /^(query|cursor|table|schema|database)_to_xml/,
  },
  { reason: "it only waits", prefixes: ["pg_sleep"] },
  {
    reason: "it has transaction side effects",
    names: ["txid_current", "txid_current_if_assigned", "pg_current_xact_id", "pg_current_xact_id_if_assigned", "pg_export_snapshot", "pg_notify"],
  },
  {
    reason: "it exposes credentials or other sessions",
    names: [
      "pg_stat_get_activity",
      "pg_stat_get_backend_activity",
      "pg_show_all_file_settings", "pg_hba_file_rules", "pg_ident_file_mappings", "pg_stat_statements_reset"],
  },
];

/** Relations that expose password hashes, connection secrets, other sessions' queries or raw data. */
const deniedRelations: ReadonlySet<string> = new Set([
  "pg_authid",
  "pg_shadow",
  "pg_user_mapping",
  "pg_user_mappings",
  "pg_file_settings",
  "pg_hba_file_rules",
  "pg_ident_file_mappings",
  "pg_stat_activity",
  "pg_stat_replication",
  "pg_stat_wal_receiver",
  "pg_stat_statements",
  "pg_subscription",
  "pg_largeobject",
  "pg_largeobject_metadata",
  "pg_statistic",
]);

function matches(rule: DenyRule, name: string): boolean {
  return Boolean(
    rule.names?.includes(name) || rule.prefixes?.some((prefix) => name.startsWith(prefix)) || rule.pattern?.test(name),
  );
}

/** Why a function may not be called, or undefined when it may. */
export function deniedFunctionReason(name: string): string | undefined {
  const lower = name.toLowerCase();
  return functionRules.find((rule) => matches(rule, lower))?.reason;
}

export function isDeniedRelation(name: string): boolean {
  return deniedRelations.has(name.toLowerCase());
}
