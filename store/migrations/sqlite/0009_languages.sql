-- One language at a time: names of AI systems per locale, like their descriptions; the language of the texts a
-- brand supplies (an event's outcome and decision, a reviewer's answer, a staff member's reason), so pages quote
-- them marked with their language instead of splicing them into a sentence of another; and the brand's own
-- address where a customer opens their AI page again when a link has expired.
ALTER TABLE ai_system_texts ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE usage_events ADD COLUMN lang TEXT NOT NULL DEFAULT '';
ALTER TABLE review_requests ADD COLUMN outcome_lang TEXT NOT NULL DEFAULT '';
ALTER TABLE access_records ADD COLUMN reason_lang TEXT NOT NULL DEFAULT '';
ALTER TABLE brands ADD COLUMN portal_url TEXT NOT NULL DEFAULT '';
