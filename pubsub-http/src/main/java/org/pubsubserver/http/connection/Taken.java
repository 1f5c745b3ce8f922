package org.pubsubserver.http.connection;

/** What asking a limit for a place gave. */
enum Taken {
    /** A place was taken; it is to be given back. */
    YES,
    /** Refused: the limit is reached. */
    NO,
    /** Refused, the first time since the limit was reached: the moment to log it. */
    NO_FIRST_TIME;

    boolean taken() {
        return this == YES;
    }
}
