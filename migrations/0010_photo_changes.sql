-- Photo changes in the change log, and what an issue held when it went live.
--
-- PHOTO_UPDATED: a photo that live content shows got a new caption, credit,
-- photographer or alt text. Photos are edited in place (they have no
-- revisions), so the row keeps the metadata as it was then (`photo`, in the
-- domain's byte encoding, never the image bytes): a replay gets each
-- version as it was published, not today's.
--
-- ISSUE_PUBLISHED rows now name the articles placed in the issue, in print
-- order (`articles`), as they stood when it was published.
ALTER TABLE changes DROP CONSTRAINT changes_type_check;
ALTER TABLE changes ADD CONSTRAINT changes_type_check
  CHECK (type IN ('ARTICLE_PUBLISHED', 'ARTICLE_CORRECTED', 'ARTICLE_UNPUBLISHED', 'ARTICLE_KILLED',
                  'ISSUE_PUBLISHED', 'PHOTO_UPDATED'));
ALTER TABLE changes ADD COLUMN photo bytea;
ALTER TABLE changes ADD CONSTRAINT changes_photo_check CHECK ((type = 'PHOTO_UPDATED') = (photo IS NOT NULL));
ALTER TABLE changes ADD COLUMN articles text[] NOT NULL DEFAULT '{}';
