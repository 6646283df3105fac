@khqr @acceptance
Feature: The participant's scanner accepts exactly the KHQR codes the standard allows
  A participant whose app pays KHQR codes must show a payment screen for every valid code, with the details
  exactly as encoded, and refuse every code that breaks a rule, giving the official SDK's reason where the
  SDK has one. The codes are the public KHQR vectors, each scanned at the time pinned for it, and codes built
  to break one rule each. Where this harness is stricter than the official SDK (features/README.md), any
  rejection is accepted as the reason.

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
      Then the participant's scanner rejects it for the official SDK's reason

      Examples:
        | case                 |
        | crc-does-not-match   |
        | crc-missing          |
        | go-kb-stale-crc      |
        | npm-nonkhqr-badlen52 |

  Rule: A malformed or truncated KHQR is rejected promptly, whatever its templates contain

    @REQ-KHQR-ACC-STRUCTURE @mandatory @negative
    Scenario Outline: A malformed KHQR, "<case>", is rejected promptly
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner rejects it for the official SDK's reason

      Examples:
        | case                       |
        | payload-truncated          |
        | template-not-data-objects  |
        | merchant-name-repeated     |
        | format-indicator-not-first |
        | payload-too-long           |

  Rule: A KHQR missing a mandatory data object is rejected with the official SDK's reason

    @REQ-KHQR-ACC-MANDATORY @mandatory @negative
    Scenario Outline: A KHQR with "<case>" is rejected
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner rejects it for the official SDK's reason

      Examples:
        | case                             |
        | missing-payload-format-indicator |
        | missing-merchant-account         |
        | missing-merchant-category-code   |
        | missing-transaction-currency     |
        | missing-country-code             |
        | missing-merchant-name            |
        | missing-merchant-city            |

  Rule: The format indicator is 01 and the initiation method is 11 or 12

    @REQ-KHQR-ACC-HEADER @mandatory @negative
    Scenario Outline: A KHQR with a wrong header, "<case>", is rejected
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner rejects it for the official SDK's reason

      Examples:
        | case                 |
        | format-indicator-02  |
        | initiation-method-13 |
        | npm-ts-poi13         |

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
      Then the participant's scanner rejects it for the official SDK's reason

      Examples:
        | case                                |
        | dynamic-expired                     |
        | timestamp-before-initiation-expired |
        | dynamic-without-amount              |
        | dynamic-without-timestamp           |
        | expiry-twelve-digits                |
        | expiry-before-creation              |
        | npm-decode-1                        |
        | npm-decode-2                        |
        | npm-decode-3                        |
        | npm-decode-8                        |
        | npm-ts-dyn-noamount                 |
        | npm-ts-upi-noexp                    |
        | npm-ts-upi-legacy99                 |
        | npm-ts-explen                       |
        | php-verify-legacy                   |
        | php-deeplink-no99                   |

  Rule: A KHQR whose values break the standard's limits is rejected

    @REQ-KHQR-ACC-VALUES @mandatory @negative
    Scenario Outline: A KHQR with a value out of bounds, "<case>", is rejected
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the participant's scanner rejects it for the official SDK's reason

      Examples:
        | case                             |
        | merchant-name-26-characters      |
        | merchant-city-16-characters      |
        | currency-not-riel-or-dollar      |
        | category-code-letters            |
        | category-code-three-digits       |
        | riel-amount-with-fraction        |
        | dollar-amount-three-decimals     |
        | amount-not-a-number              |
        | country-thailand                 |
        | language-preference-without-name |
        | merchant-without-merchant-id     |
        | npm-readme                       |
        | npm-mcc-alpha                    |
        | npm-mcc-neg                      |
        | go-upi-usd-th                    |
