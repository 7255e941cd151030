package dev.llmops.eval.gate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Number formatting for messages: at least two decimals, up to four significant ones, no exponent. */
public final class Numbers {

    private Numbers() {}

    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        BigDecimal rounded =
                BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        if (rounded.scale() < 2) {
            rounded = rounded.setScale(2, RoundingMode.UNNECESSARY);
        }
        return rounded.toPlainString();
    }
}
