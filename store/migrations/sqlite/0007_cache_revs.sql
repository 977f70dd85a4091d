-- Revision counters for the server's in-memory caches (issue 9). A customer's page reads are memoised until
-- customers.data_rev moves; a brand's registry until brands.registry_rev moves. Triggers move them, so every
-- writer bumps them, including another process on the same file (vitrine import, vitrine registry apply),
-- which an in-process counter would miss.
ALTER TABLE customers ADD COLUMN data_rev INTEGER NOT NULL DEFAULT 0;
-- past_rev moves only when a monthly rollup of a month before the current UTC month changes (a late event): the
-- sums of closed months are memoised until it does, so a view after new data re-reads this month's rows only.
ALTER TABLE customers ADD COLUMN past_rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE brands ADD COLUMN registry_rev INTEGER NOT NULL DEFAULT 0;

-- A customer's data: usage (every event batch upserts customer_system_stats, alongside the rollups and
-- customer_training), consents and their history, and the record of staff looking them up.
CREATE TRIGGER customer_stats_ins_rev AFTER INSERT ON customer_system_stats BEGIN
    UPDATE customers SET data_rev = data_rev + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER customer_stats_upd_rev AFTER UPDATE ON customer_system_stats BEGIN
    UPDATE customers SET data_rev = data_rev + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER consents_ins_rev AFTER INSERT ON consents BEGIN
    UPDATE customers SET data_rev = data_rev + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER consents_upd_rev AFTER UPDATE ON consents BEGIN
    UPDATE customers SET data_rev = data_rev + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER consents_del_rev AFTER DELETE ON consents BEGIN
    UPDATE customers SET data_rev = data_rev + 1 WHERE id = OLD.customer_id;
END;
CREATE TRIGGER consent_history_ins_rev AFTER INSERT ON consent_history BEGIN
    UPDATE customers SET data_rev = data_rev + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER access_records_ins_rev AFTER INSERT ON access_records BEGIN
    UPDATE customers SET data_rev = data_rev + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER access_records_upd_rev AFTER UPDATE ON access_records BEGIN
    UPDATE customers SET data_rev = data_rev + 1 WHERE id = NEW.customer_id;
END;

CREATE TRIGGER rollup_monthly_ins_past AFTER INSERT ON rollup_monthly
WHEN NEW.month < CAST(strftime('%s', 'now', 'start of month') AS INTEGER) / 86400 BEGIN
    UPDATE customers SET past_rev = past_rev + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER rollup_monthly_upd_past AFTER UPDATE ON rollup_monthly
WHEN NEW.month < CAST(strftime('%s', 'now', 'start of month') AS INTEGER) / 86400 BEGIN
    UPDATE customers SET past_rev = past_rev + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER rollup_category_monthly_ins_past AFTER INSERT ON rollup_category_monthly
WHEN NEW.month < CAST(strftime('%s', 'now', 'start of month') AS INTEGER) / 86400 BEGIN
    UPDATE customers SET past_rev = past_rev + 1 WHERE id = NEW.customer_id;
END;
CREATE TRIGGER rollup_category_monthly_upd_past AFTER UPDATE ON rollup_category_monthly
WHEN NEW.month < CAST(strftime('%s', 'now', 'start of month') AS INTEGER) / 86400 BEGIN
    UPDATE customers SET past_rev = past_rev + 1 WHERE id = NEW.customer_id;
END;

-- A brand's registry: systems, purposes, data categories, their texts, model versions, and the record of changes.
CREATE TRIGGER registry_changes_ins_rev AFTER INSERT ON registry_changes BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = NEW.brand_id;
END;
CREATE TRIGGER ai_systems_ins_rev AFTER INSERT ON ai_systems BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = NEW.brand_id;
END;
CREATE TRIGGER ai_systems_upd_rev AFTER UPDATE ON ai_systems BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id IN (OLD.brand_id, NEW.brand_id);
END;
CREATE TRIGGER ai_systems_del_rev AFTER DELETE ON ai_systems BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = OLD.brand_id;
END;
CREATE TRIGGER purposes_ins_rev AFTER INSERT ON purposes BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = NEW.brand_id;
END;
CREATE TRIGGER purposes_upd_rev AFTER UPDATE ON purposes BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id IN (OLD.brand_id, NEW.brand_id);
END;
CREATE TRIGGER purposes_del_rev AFTER DELETE ON purposes BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = OLD.brand_id;
END;
CREATE TRIGGER data_categories_ins_rev AFTER INSERT ON data_categories BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = NEW.brand_id;
END;
CREATE TRIGGER data_categories_upd_rev AFTER UPDATE ON data_categories BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id IN (OLD.brand_id, NEW.brand_id);
END;
CREATE TRIGGER data_categories_del_rev AFTER DELETE ON data_categories BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = OLD.brand_id;
END;
CREATE TRIGGER ai_system_texts_ins_rev AFTER INSERT ON ai_system_texts BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM ai_systems WHERE id = NEW.system_id);
END;
CREATE TRIGGER ai_system_texts_upd_rev AFTER UPDATE ON ai_system_texts BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM ai_systems WHERE id = NEW.system_id);
END;
CREATE TRIGGER ai_system_texts_del_rev AFTER DELETE ON ai_system_texts BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM ai_systems WHERE id = OLD.system_id);
END;
CREATE TRIGGER purpose_texts_ins_rev AFTER INSERT ON purpose_texts BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM purposes WHERE id = NEW.purpose_id);
END;
CREATE TRIGGER purpose_texts_upd_rev AFTER UPDATE ON purpose_texts BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM purposes WHERE id = NEW.purpose_id);
END;
CREATE TRIGGER purpose_texts_del_rev AFTER DELETE ON purpose_texts BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM purposes WHERE id = OLD.purpose_id);
END;
CREATE TRIGGER data_category_texts_ins_rev AFTER INSERT ON data_category_texts BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM data_categories WHERE id = NEW.category_id);
END;
CREATE TRIGGER data_category_texts_upd_rev AFTER UPDATE ON data_category_texts BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM data_categories WHERE id = NEW.category_id);
END;
CREATE TRIGGER data_category_texts_del_rev AFTER DELETE ON data_category_texts BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM data_categories WHERE id = OLD.category_id);
END;
CREATE TRIGGER model_versions_ins_rev AFTER INSERT ON model_versions BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM ai_systems WHERE id = NEW.system_id);
END;
CREATE TRIGGER model_versions_upd_rev AFTER UPDATE ON model_versions BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM ai_systems WHERE id = NEW.system_id);
END;
CREATE TRIGGER model_versions_del_rev AFTER DELETE ON model_versions BEGIN
    UPDATE brands SET registry_rev = registry_rev + 1 WHERE id = (SELECT brand_id FROM ai_systems WHERE id = OLD.system_id);
END;
