@open-api
Feature: The participant confirms merchants' orders with the Bakong Open API as NBC documents it
  A payment service provider or a merchant's system confirms that an order is paid by asking the Bakong Open API
  about the md5 of the KHQR the order was shown with. It must read "transaction could not be found" as "not paid
  yet", confirm an order only when Bakong's transaction matches it, renew its token when it expires, wait when
  Bakong asks it to, and ask about at most 50 codes in one list lookup. Bakong is played by the harness,
  answering exactly as the Open API documentation says.

  Background:
    Given the participant's merchant system, which confirms orders with the Bakong Open API

  Rule: The participant asks Bakong as the Open API documentation says

    @REQ-OAPI-REQUESTS @mandatory
    Scenario Outline: Confirming <count> order(s), every call follows the Open API documentation
      Given <count> orders of the merchant, shown as KHQR codes issued from "individual-riel-5000-dynamic", one in 2 of them paid
      When the merchant's system asks the participant to confirm its orders
      Then the participant asked Bakong as the Open API documentation says

      Examples:
        | count |
        | 1     |
        | 3     |

  Rule: An order is confirmed as paid only when Bakong's transaction matches it

    @REQ-OAPI-CONFIRM @mandatory @smoke
    Scenario Outline: An order shown as "<code>" and paid through Bakong is confirmed as paid
      Given a merchant's order shown as the KHQR "<code>", paid through Bakong
      When the merchant's system asks the participant to confirm its orders
      Then the participant confirms every order as Bakong says: paid with Bakong's hash, not paid yet, or not matching

      Examples:
        | code                           |
        | individual-dollar-1.50-dynamic |
        | individual-riel-5000-dynamic   |
        | merchant-dollar-10-dynamic     |

    @REQ-OAPI-CONFIRM @mandatory @negative
    Scenario Outline: An order recorded for <amount> <currency> but paid with the code "<code>" is not confirmed as paid
      Given a merchant's order shown as the KHQR "<code>" and recorded for <amount> <currency>, paid through Bakong
      When the merchant's system asks the participant to confirm its orders
      Then the participant confirms every order as Bakong says: paid with Bakong's hash, not paid yet, or not matching

      Examples:
        | code                           | amount | currency |
        | individual-dollar-1.50-dynamic | 15.00  | USD      |
        | individual-riel-5000-dynamic   | 5000   | USD      |

    @REQ-OAPI-CONFIRM @mandatory @negative
    Scenario: An order for one account, paid to another, is not confirmed as paid
      Given a merchant's order shown as the KHQR "merchant-dollar-10-dynamic" for another payee account, paid through Bakong
      When the merchant's system asks the participant to confirm its orders
      Then the participant confirms every order as Bakong says: paid with Bakong's hash, not paid yet, or not matching

  Rule: "Transaction could not be found" means not paid yet, never a failed payment

    @REQ-OAPI-NOT-FOUND @mandatory @smoke
    Scenario: An order not paid yet is reported as not paid, not as failed
      Given a merchant's order shown as the KHQR "individual-dollar-1.50-dynamic", not paid yet
      When the merchant's system asks the participant to confirm its orders
      Then the participant confirms every order as Bakong says: paid with Bakong's hash, not paid yet, or not matching

    @REQ-OAPI-NOT-FOUND @mandatory
    Scenario: Of two orders, the paid one is confirmed and the other is not paid yet
      Given a merchant's order shown as the KHQR "merchant-dollar-10-dynamic", paid through Bakong
      And a merchant's order shown as the KHQR "individual-riel-5000-dynamic", not paid yet
      When the merchant's system asks the participant to confirm its orders
      Then the participant confirms every order as Bakong says: paid with Bakong's hash, not paid yet, or not matching

  Rule: An expired Open API token is renewed with the registered e-mail

    @REQ-OAPI-TOKEN @mandatory
    Scenario Outline: With an expired token, the participant renews it and confirms <count> order(s)
      Given <count> orders of the merchant, shown as KHQR codes issued from "individual-dollar-1.50-dynamic", one in 2 of them paid
      And the participant's Bakong Open API token has expired
      When the merchant's system asks the participant to confirm its orders
      Then the participant renewed its token with its registered e-mail and went on
      And the participant confirms every order as Bakong says: paid with Bakong's hash, not paid yet, or not matching

      Examples:
        | count |
        | 1     |
        | 10    |

  Rule: When Bakong answers "too many requests", the participant waits as long as Bakong asked

    @REQ-OAPI-RATE @mandatory
    Scenario: While Bakong limits the rate, the order is to be retried later, and Bakong is not asked again
      Given a merchant's order shown as the KHQR "individual-dollar-1.50-dynamic", paid through Bakong
      And Bakong limits the rate of Open API lookups for the next 60 seconds
      When the merchant's system asks the participant to confirm its orders
      Then the participant reports every order as to be retried later
      And the participant made no call to Bakong before the wait was over

    @REQ-OAPI-RATE @mandatory
    Scenario: Asked again at once, the participant still waits
      Given a merchant's order shown as the KHQR "individual-dollar-1.50-dynamic", paid through Bakong
      And Bakong limits the rate of Open API lookups for the next 60 seconds
      And the merchant's system has asked the participant to confirm its orders
      When the merchant's system asks again at once
      Then the participant reports every order as to be retried later
      And the participant made no call to Bakong before the wait was over

    @REQ-OAPI-RATE @mandatory
    Scenario: Once the wait is over, the participant asks Bakong again and confirms the order
      Given a merchant's order shown as the KHQR "individual-dollar-1.50-dynamic", paid through Bakong
      And Bakong limits the rate of Open API lookups for the next 60 seconds
      And the merchant's system has asked the participant to confirm its orders
      When the merchant's system asks again once the wait is over
      Then the participant confirms every order as Bakong says: paid with Bakong's hash, not paid yet, or not matching
      And the participant made no call to Bakong before the wait was over

  Rule: A list lookup asks about at most 50 codes

    @REQ-OAPI-BATCH @mandatory
    Scenario Outline: Confirming <count> orders, every list lookup carries at most 50
      Given <count> orders of the merchant, shown as KHQR codes issued from "merchant-dollar-10-dynamic", one in 3 of them paid
      When the merchant's system asks the participant to confirm its orders
      Then every list lookup the participant sent Bakong carried at most 50 codes
      And the participant confirms every order as Bakong says: paid with Bakong's hash, not paid yet, or not matching

      Examples:
        | count |
        | 50    |
        | 51    |
        | 99    |
