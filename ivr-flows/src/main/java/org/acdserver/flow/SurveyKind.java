package org.acdserver.flow;

import java.util.Locale;

/** The survey questions a flow can ask, with the range of valid answers. */
public enum SurveyKind {
    /** Customer satisfaction, 1 (poor) to 5 (excellent). */
    CSAT(1, 5),
    /** Net promoter score, 0 to 10. */
    NPS(0, 10),
    /** Customer effort score, 1 (easy) to 5 (hard). */
    CES(1, 5);

    private final int min;
    private final int max;

    SurveyKind(int min, int max) {
        this.min = min;
        this.max = max;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** Keys a caller may need to type for one answer. */
    public int maxDigits() {
        return max >= 10 ? 2 : 1;
    }

    /** The name used in files and records: lower case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
