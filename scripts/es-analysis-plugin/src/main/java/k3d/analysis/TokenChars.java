package k3d.analysis;

import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/** The {@code token_chars} option of the n-gram tokenizers, with Elasticsearch's character classes. */
final class TokenChars {

    private TokenChars() {}

    /** Which code points belong in a token; {@code null} when every character does (no token_chars). */
    static IntPredicate parse(NGramTokenizerSettings settings) {
        IntPredicate result = null;
        for (String name : settings.tokenChars()) {
            IntPredicate one = switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "letter" -> c -> isType(c, Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER,
                        Character.TITLECASE_LETTER, Character.MODIFIER_LETTER, Character.OTHER_LETTER);
                case "digit" -> c -> Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> c -> isType(c, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                        Character.OTHER_PUNCTUATION, Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
                        Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION);
                case "symbol" -> c -> isType(c, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
                        Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL);
                case "custom" -> custom(settings.customTokenChars());
                default -> throw new IllegalArgumentException("Unknown token type: '" + name
                        + "', must be one of [letter, digit, whitespace, punctuation, symbol, custom]");
            };
            result = result == null ? one : result.or(one);
        }
        return result;
    }

    private static IntPredicate custom(String chars) {
        if (chars.isEmpty()) {
            throw new IllegalArgumentException("Token type: 'custom' requires setting `custom_token_chars`");
        }
        return c -> chars.codePoints().anyMatch(x -> x == c);
    }

    private static boolean isType(int codePoint, int... types) {
        int type = Character.getType(codePoint);
        for (int t : types) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }
}
