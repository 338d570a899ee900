-- Drafts can be edited. The last editor is kept so that nobody approves a text they changed themselves (four eyes).
ALTER TABLE posts ADD COLUMN edited_by BIGINT REFERENCES staff_users (id);
