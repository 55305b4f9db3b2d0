-- Run once by the postgres image when its data volume is new (docker-entrypoint-initdb.d), as the
-- POSTGRES_USER. POSTGRES_DB (prefect) is created by the image; this adds the corpus database.
CREATE DATABASE mediawatch;
