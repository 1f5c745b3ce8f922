package org.pubsubserver.core.backup;

/** The names of the export format (docs/EXPORT-FORMAT.md), shared by its writer and its reader. */
final class ExportXml {
    static final String NAMESPACE = "urn:pubsubserver:export:1";
    static final String ROOT = "pubsub-export";
    static final String NODE = "node";
    static final String CONFIG = "config";
    static final String FIELD = "field";
    static final String AFFILIATION = "affiliation";
    static final String SUBSCRIPTION = "subscription";
    static final String OPTION = "option";
    static final String ITEM = "item";
    static final String ARCHIVED = "archived";
    static final String REDIRECT = "redirect";
    static final String RETIRED = "retired";

    private ExportXml() {
    }
}
