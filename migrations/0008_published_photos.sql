-- Which photos readers may see: those the live revision of a published
-- article shows. Looked up by photo on every reader's GetPhoto and
-- DownloadPhoto, so the revisions' photo lists get an index of their own.
CREATE INDEX article_revisions_photos_idx ON article_revisions USING gin (photos);
