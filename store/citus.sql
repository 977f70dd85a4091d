-- Distribute vitrine's PostgreSQL schema by brand with Citus (12 or later), once the schema exists (start vitrine
-- once against the coordinator, or run `vitrine migrate --db postgres://…`), and before the data grows:
--
--   psql "postgres://…coordinator…" -f store/citus.sql
--
-- Every tenant table is distributed by brand_id and co-located with customers, so that all the rows of one brand
-- live on the same node and a customer's page, an ingest batch or a consent change runs on one node. The shared
-- tables (brands, staff accounts and sessions, sign-in failures, API keys, applied migrations, the proof backfill marker) are small
-- reference tables, copied to every node. store.TestSchemaIsDistributable keeps this list and the schema in step.
--
-- A very large brand can later get a shard of its own, placed on a node of its own:
--   SELECT isolate_tenant_to_new_shard('customers', BRAND_ID, 'CASCADE');
--
-- The append-only triggers of consent_history, access_records and registry_changes run on the nodes: Citus asks
-- for them to be allowed.
SET citus.enable_unsafe_triggers TO on;

SELECT create_reference_table('brands');
SELECT create_reference_table('staff_users');
SELECT create_reference_table('staff_sessions');
SELECT create_reference_table('login_failures');
SELECT create_reference_table('api_keys');
SELECT create_reference_table('schema_migrations');
SELECT create_reference_table('proof_backfill');
SELECT create_reference_table('oauth_clients');

SELECT create_distributed_table('customers', 'brand_id');
SELECT create_distributed_table('brand_keys', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('ai_systems', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('ai_system_texts', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('purposes', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('purpose_texts', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('data_categories', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('data_category_texts', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('model_versions', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('registry_changes', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('usage_events', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('event_keys', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('rollup_daily', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('rollup_category_daily', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('rollup_monthly', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('rollup_category_monthly', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('rollup_brand_daily', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('customer_system_stats', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('customer_training', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('consents', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('consent_history', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('used_tokens', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('customer_sessions', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('review_requests', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('access_records', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('change_counters', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('brand_changes', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('webhook_endpoints', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('webhook_deliveries', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('rights_requests', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('rights_request_steps', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('brand_public_keys', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('brand_sso', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('decision_factors', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('decision_factor_texts', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('event_explanations', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('decision_coverage', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('registry_proposals', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('registry_proposal_steps', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('ai_system_value', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('consent_daily', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('consent_totals', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('customer_late_months', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('system_reach_daily', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('review_totals', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('rights_open_due', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('rollup_brand_totals', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('rollup_brand_monthly', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('proof_chain', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('receipt_signatures', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('receipt_keys', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('gpc_purposes', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('gpc_confirmations', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('proof_anchors', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('retention_marks', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('erased_usage_daily', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('assistant_grants', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('assistant_tokens', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('assistant_calls', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('assistant_calls_daily', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('assistant_proposals', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('agent_clients', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('agent_client_tokens', 'brand_id', colocate_with => 'customers');
SELECT create_distributed_table('agent_actors', 'brand_id', colocate_with => 'customers');
