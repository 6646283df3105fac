@khqr @acceptance
Feature: The participant's scanner accepts exactly the KHQR codes the standard allows
  A participant whose app pays KHQR codes must show a payment screen for every valid code, with the details
  exactly as encoded, and refuse every code that breaks a rule, giving the official SDK's reason where the
  SDK has one. The codes are the public KHQR vectors, each scanned at the time pinned for it, and codes built
  to break one rule each. Where the official SDK gives no error code for a KHQR, or this harness is stricter
  than the SDK (features/README.md), any rejection is accepted as the reason.

  Background:
    Given the participant's sandbox, which accepts KHQR codes

  Rule: A valid KHQR is accepted and its payment details are read exactly as encoded

    @REQ-KHQR-ACC-VALID @mandatory
    Scenario Outline: The published valid KHQR "<case>" is accepted and read exactly
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner accepts it and reads the details exactly as encoded

      Examples:
        | case                    |
        | npm-decode-5-aba        |
        | npm-decode-6-aclb       |
        | npm-decode-7-aclb       |
        | npm-ts-decode-1         |
        | npm-ts-decode-2         |
        | npm-ts-expired          |
        | npm-nonkhqr-upi99       |
        | npm-nonkhqr-aclb39      |
        | php-merchant-static     |
        | php-indiv-khr500        |
        | php-deeplink-99         |
        | ts-khqr-readme          |
        | kb-kookmin-static       |
        | kb-kookmin-60-before-59 |
        | go-lang-indiv           |
        | go-lang-merchant        |
        | go-purpose              |
        | go-khmer-name           |
        | go-merchant-usd-static  |
        | go-upi-individual       |
        | go-mcc-0000             |
        | go-bill25               |

  Rule: A KHQR whose CRC is missing or does not match is rejected

    @REQ-KHQR-ACC-CRC @mandatory @negative @smoke
    Scenario Outline: A KHQR with a bad CRC, "<case>", is rejected
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner rejects it (official reason: <reason>)

      Examples:
        | case                 | reason                      |
        | crc-does-not-match   | code 8                      |
        | crc-missing          | none, the SDK gives no code |
        | go-kb-stale-crc      | code 8                      |
        | npm-nonkhqr-badlen52 | code 8                      |

  Rule: A malformed or truncated KHQR is rejected promptly, whatever its templates contain

    @REQ-KHQR-ACC-STRUCTURE @mandatory @negative
    Scenario Outline: A malformed KHQR, "<case>", is rejected promptly
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner rejects it (official reason: <reason>)

      Examples:
        | case                       | reason                      |
        | payload-truncated          | none, the SDK gives no code |
        | template-not-data-objects  | none, stricter than the SDK |
        | merchant-name-repeated     | none, stricter than the SDK |
        | format-indicator-not-first | none, stricter than the SDK |
        | payload-too-long           | none, stricter than the SDK |

  Rule: A KHQR missing a mandatory data object is rejected with the official SDK's reason

    @REQ-KHQR-ACC-MANDATORY @mandatory @negative
    Scenario Outline: A KHQR with "<case>" is rejected
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner rejects it (official reason: <reason>)

      Examples:
        | case                             | reason  |
        | missing-payload-format-indicator | code 23 |
        | missing-merchant-account         | code 5  |
        | missing-merchant-category-code   | code 25 |
        | missing-transaction-currency     | code 9  |
        | missing-country-code             | code 26 |
        | missing-merchant-name            | code 2  |
        | missing-merchant-city            | code 27 |

  Rule: The format indicator is 01 and the initiation method is 11 or 12

    @REQ-KHQR-ACC-HEADER @mandatory @negative
    Scenario Outline: A KHQR with a wrong header, "<case>", is rejected
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner rejects it (official reason: <reason>)

      Examples:
        | case                 | reason                      |
        | format-indicator-02  | none, stricter than the SDK |
        | initiation-method-13 | code 48                     |
        | npm-ts-poi13         | code 48                     |

  Rule: A dynamic KHQR is accepted only with an amount and a valid expiry, and never after it expires

    @REQ-KHQR-ACC-DYNAMIC @mandatory @smoke
    Scenario: A dynamic KHQR is accepted until the moment it expires
      Given the KHQR of scan case "dynamic-one-ms-before-expiry"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner accepts it and reads the details exactly as encoded

    @REQ-KHQR-ACC-DYNAMIC @mandatory @negative
    Scenario Outline: A dynamic KHQR that is expired or incomplete, "<case>", is rejected
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner rejects it (official reason: <reason>)

      Examples:
        | case                                | reason                      |
        | dynamic-expired                     | code 46                     |
        | timestamp-before-initiation-expired | none, stricter than the SDK |
        | dynamic-without-amount              | code 47                     |
        | dynamic-without-timestamp           | code 45                     |
        | expiry-twelve-digits                | code 49                     |
        | expiry-before-creation              | code 50                     |
        | npm-decode-1                        | code 45                     |
        | npm-decode-2                        | code 45                     |
        | npm-decode-3                        | code 45                     |
        | npm-decode-8                        | code 45                     |
        | npm-ts-dyn-noamount                 | code 47                     |
        | npm-ts-upi-noexp                    | code 45                     |
        | npm-ts-upi-legacy99                 | code 45                     |
        | npm-ts-explen                       | code 49                     |
        | php-verify-legacy                   | code 45                     |
        | php-deeplink-no99                   | code 45                     |

  Rule: A KHQR whose values break the standard's limits is rejected

    @REQ-KHQR-ACC-VALUES @mandatory @negative
    Scenario Outline: A KHQR with a value out of bounds, "<case>", is rejected
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner rejects it (official reason: <reason>)

      Examples:
        | case                             | reason                      |
        | merchant-name-26-characters      | code 7                      |
        | merchant-city-16-characters      | code 21                     |
        | currency-not-riel-or-dollar      | code 28                     |
        | category-code-letters            | code 51                     |
        | category-code-three-digits       | none, stricter than the SDK |
        | riel-amount-with-fraction        | none, stricter than the SDK |
        | dollar-amount-three-decimals     | none, stricter than the SDK |
        | amount-not-a-number              | none, stricter than the SDK |
        | country-thailand                 | none, stricter than the SDK |
        | language-preference-without-name | code 39                     |
        | merchant-without-merchant-id     | none, stricter than the SDK |
        | npm-readme                       | code 12                     |
        | npm-mcc-alpha                    | code 51                     |
        | npm-mcc-neg                      | code 51                     |
        | go-upi-usd-th                    | none, stricter than the SDK |
