@alipay-plus
Feature: The participant acquires for KHQR merchants paid by Alipay+ wallets
  Users of Alipay+ wallets (Alipay, AlipayHK, Touch 'n Go, GCash, Kakao Pay and others) pay at KHQR merchants in
  Cambodia. As the merchants' acquirer, the participant decodes the scanned KHQR for Alipay+, credits the
  merchant's riel account through Bakong when Alipay+ pushes the payment, tells Alipay+ the payment's final
  result and never treats an unknown one as final, and sends merchants' refunds back through Alipay+. Every
  message is signed both ways and verified over exactly what was sent. Alipay+ and Bakong are played by the
  harness (the Alipay+ link contract v1, defined by this harness from Alipay+'s published Push Mode, signature
  and result rules; the Bakong switch contract v1).

  Background:
    Given the participant's sandbox, which acquires for KHQR merchants paid by Alipay+ wallets

  Rule: Alipay+'s requests are verified over exactly what was sent, and any other request changes nothing

    @REQ-APLUS-ACQP-VERIFY @mandatory @smoke
    Scenario Outline: A correctly signed request is accepted whatever way Alipay+ writes its time: <style>
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel
      When Alipay+ asks the participant to decode it, writing its Request-Time in <style>
      Then the participant decodes it for Alipay+

      Examples:
        | style                          |
        | UTC, whole seconds             |
        | UTC with two fractional digits |
        | UTC+8, whole seconds           |
        | UTC+8 with milliseconds        |

    @REQ-APLUS-ACQP-VERIFY @mandatory
    Scenario: A correctly signed request whose message is spaced out is accepted
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel
      When Alipay+ asks the participant to decode it, with spaces between the fields of its message
      Then the participant decodes it for Alipay+

    @REQ-APLUS-ACQP-VERIFY @mandatory @negative
    Scenario Outline: A payment pushed with <what> is refused and credits nothing
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      When Alipay+ pushes the payment of it with <what>
      Then the participant refuses the request with <codes>
      And the merchant was not credited
      And Bakong received no payment instruction

      Examples:
        | what                                           | codes                              |
        | a signature that does not match the message    | INVALID_SIGNATURE                  |
        | a key version the participant was not given    | KEY_NOT_FOUND or INVALID_SIGNATURE |
        | another participant's Client-Id                | INVALID_CLIENT                     |
        | a Request-Time an hour before the sandbox time | any failure code                   |
        | a message changed after it was signed          | INVALID_SIGNATURE                  |

  Rule: Every message the participant sends Alipay+ is signed with its key over exactly what it sends

    @REQ-APLUS-ACQP-SIGNS @mandatory @smoke
    Scenario: The participant's answers to a decode, a pushed payment and an inquiry are signed
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      When Alipay+ pushes the payment of it
      And Alipay+ asks the participant about the payment
      Then every answer the participant gave Alipay+ is signed with its key over exactly what it sent

    @REQ-APLUS-ACQP-SIGNS @mandatory @negative
    Scenario: The participant's answer to a request it refuses is signed too
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      When Alipay+ pushes the payment of it with a signature that does not match the message
      Then every answer the participant gave Alipay+ is signed with its key over exactly what it sent

    @REQ-APLUS-ACQP-SIGNS @mandatory
    Scenario: The participant's own requests to Alipay+ are signed
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      When 4 seconds pass
      And the merchant refunds 2000 riel of the payment
      Then every request the participant sent Alipay+ is signed with its key over exactly what it sent

  Rule: Every message to Alipay+ follows Alipay+'s value rules

    @REQ-APLUS-ACQP-MESSAGES @mandatory
    Scenario: The answer to the decoding of a static KHQR follows Alipay+'s message rules
      Given a merchant of the participant with a riel account
      And the merchant's static KHQR
      When Alipay+ asks the participant to decode it
      Then every answer the participant gave Alipay+ follows Alipay+'s message rules

    @REQ-APLUS-ACQP-MESSAGES @mandatory
    Scenario: A pushed payment, an inquiry, a notification and a refund follow Alipay+'s message rules
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      When Alipay+ pushes the payment of it
      And Alipay+ asks the participant about the payment
      And 4 seconds pass
      And the merchant refunds 1000 riel of the payment
      Then every answer the participant gave Alipay+ follows Alipay+'s message rules
      And every request the participant sent Alipay+ follows Alipay+'s message rules

  Rule: A scanned KHQR is decoded into the merchant and the order it shows, the same way every time

    @REQ-APLUS-ACQP-DECODE @mandatory @smoke
    Scenario Outline: The merchant's dynamic KHQR for <amount> riel is decoded into the merchant and the order
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for <amount> riel
      When Alipay+ asks the participant to decode it
      Then the participant answers the merchant's name, city and category code, and the order of the code with its amount and expiry

      Examples:
        | amount  |
        | 700     |
        | 5000    |
        | 2500000 |

    @REQ-APLUS-ACQP-DECODE @mandatory
    Scenario: The merchant's static KHQR is decoded as a store code, without an amount
      Given a merchant of the participant with a riel account
      And the merchant's static KHQR
      When Alipay+ asks the participant to decode it
      Then the participant answers the merchant's name, city and category code, and the order of the code with its amount and expiry

    @REQ-APLUS-ACQP-DECODE @mandatory
    Scenario: The bill number of a dynamic KHQR is the order's reference
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel with the bill number "INV-0042"
      When Alipay+ asks the participant to decode it
      Then the participant answers the merchant's name, city and category code, and the order of the code with its amount and expiry

    @REQ-APLUS-ACQP-DECODE @mandatory
    Scenario: The same dynamic KHQR decoded twice gets an identical answer, with the same payment request
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      When Alipay+ asks the participant to decode it again
      Then the participant gives an identical answer, with the same paymentRequestId

  Rule: A code that cannot be paid is refused with Alipay+'s reason, and nothing is credited

    @REQ-APLUS-ACQP-REFUSE @mandatory @negative
    Scenario: The merchant's dynamic KHQR past its expiry is refused as expired
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, valid for 10 minutes
      And 11 minutes pass
      When Alipay+ asks the participant to decode it
      Then the participant refuses the request with EXPIRED_CODE

    @REQ-APLUS-ACQP-REFUSE @mandatory @negative
    Scenario: A payment of a dynamic KHQR pushed after its expiry is refused and credits nothing
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      And 11 minutes pass
      When Alipay+ pushes the payment of it
      Then the participant refuses the request with EXPIRED_CODE
      And the merchant was not credited
      And Bakong received no payment instruction

    @REQ-APLUS-ACQP-REFUSE @mandatory @negative
    Scenario: A dynamic KHQR already paid is refused as closed when it is scanned again
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      When Alipay+ asks the participant to decode it again
      Then the participant refuses the request with ORDER_IS_CLOSED

    @REQ-APLUS-ACQP-REFUSE @mandatory @negative
    Scenario: A second payment of a dynamic KHQR already paid is refused and credits nothing more
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      When Alipay+ pushes another payment of it
      Then the participant refuses the request with ORDER_IS_CLOSED
      And the merchant was credited 5000 riel in all

    @REQ-APLUS-ACQP-REFUSE @mandatory @negative
    Scenario: A merchant's KHQR whose CRC is wrong is refused as an invalid code
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, its CRC changed
      When Alipay+ asks the participant to decode it
      Then the participant refuses the request with INVALID_CODE

    @REQ-APLUS-ACQP-REFUSE @mandatory @negative
    Scenario: The KHQR of a merchant the participant does not acquire for is refused
      Given the dynamic KHQR for 5000 riel of a merchant of another bank
      When Alipay+ asks the participant to decode it
      Then the participant refuses the request with MERCHANT_NOT_REGISTERED

    @REQ-APLUS-ACQP-REFUSE @mandatory @negative
    Scenario: The merchant's KHQR in US dollars is refused as a currency Alipay+ payments do not use
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 10.00 US dollars
      When Alipay+ asks the participant to decode it
      Then the participant refuses the request with CURRENCY_NOT_SUPPORT

  Rule: Only merchants holding a riel account and qualified by KYB are paid

    @REQ-APLUS-ACQP-KHR @mandatory @negative
    Scenario Outline: The KHQR of a merchant <which> is refused as not qualified
      Given a merchant of the participant <which>
      And the merchant's dynamic KHQR for 5000 riel
      When Alipay+ asks the participant to decode it
      Then the participant refuses the request with MERCHANT_KYB_NOT_QUALIFIED

      Examples:
        | which                                     |
        | with a US dollar account                  |
        | with a riel account, not qualified by KYB |

    @REQ-APLUS-ACQP-KHR @mandatory @negative
    Scenario Outline: A payment pushed for a merchant <which> is refused and credits nothing
      Given a merchant of the participant <which>
      And the merchant's static KHQR
      When Alipay+ pushes a payment of 5000 riel for it
      Then the participant refuses the request with MERCHANT_KYB_NOT_QUALIFIED
      And the merchant was not credited
      And Bakong received no payment instruction

      Examples:
        | which                                     |
        | with a US dollar account                  |
        | with a riel account, not qualified by KYB |

  Rule: A pushed payment credits the merchant exactly, once, through Bakong under the md5 of the KHQR

    @REQ-APLUS-ACQP-CREDIT @mandatory @smoke
    Scenario Outline: A pushed payment of the merchant's dynamic KHQR for <amount> riel credits the merchant exactly
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for <amount> riel, decoded for Alipay+
      When Alipay+ pushes the payment of it
      Then the participant accepts the payment, with its payment time
      And the merchant was credited <amount> riel, once
      And Bakong settled <amount> riel to the merchant's account under the md5 of the code

      Examples:
        | amount  |
        | 700     |
        | 5000    |
        | 2500000 |

    @REQ-APLUS-ACQP-CREDIT @mandatory
    Scenario: A payment of 25000 riel keyed for the merchant's static KHQR credits exactly 25000 riel
      Given a merchant of the participant with a riel account
      And the merchant's static KHQR, decoded for Alipay+
      When Alipay+ pushes a payment of 25000 riel for it
      Then the participant accepts the payment, with its payment time
      And the merchant was credited 25000 riel, once
      And Bakong settled 25000 riel to the merchant's account under the md5 of the code

    @REQ-APLUS-ACQP-CREDIT @mandatory
    Scenario: A merchant's system finds the credited payment through the Bakong Open API by the code's md5
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      When Alipay+ pushes the payment of it
      Then Bakong finds the payment by the md5 of the code, for 5000 riel to the merchant's account

    @REQ-APLUS-ACQP-CREDIT @mandatory @negative
    Scenario: When Bakong refuses the payment, the participant reports a failure and credits nothing
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      And Bakong will refuse the payment instruction because the switch rejects it
      When Alipay+ pushes the payment of it
      Then the participant refuses the request with any failure code
      And the merchant was not credited

  Rule: A pushed payment is processed once per paymentId

    @REQ-APLUS-ACQP-IDEMPOTENT @mandatory
    Scenario: A payment pushed again with the same paymentId is answered as the first and credited once
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      When Alipay+ pushes the same payment again
      Then the participant answers as the first time
      And the merchant was credited 5000 riel in all
      And Bakong settled one payment of the code

    @REQ-APLUS-ACQP-IDEMPOTENT @mandatory @negative
    Scenario: The same paymentId pushed again with another amount is refused as inconsistent
      Given a merchant of the participant with a riel account
      And the merchant's static KHQR, paid 5000 riel by an Alipay+ wallet
      When Alipay+ pushes the same payment again for 6000 riel
      Then the participant refuses the request with REPEAT_REQ_INCONSISTENT
      And the merchant was credited 5000 riel in all

  Rule: An unknown result is never final: no credit on U, and the inquiries get Bakong's final answer

    @REQ-APLUS-ACQP-UNKNOWN @mandatory
    Scenario Outline: When Bakong will <behaviour>, the merchant is credited only once Bakong's answer is known
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      And Bakong will <behaviour>
      When Alipay+ pushes the payment of it
      And Alipay+ asks the participant about the payment on its schedule until the result is final
      Then the participant first answered the payment in process, or accepted as Bakong settled it, and credited the merchant only if accepted
      And the payment's final result is a success
      And the merchant was credited 5000 riel, once

      Examples:
        | behaviour                                                                                           |
        | answer the payment instruction only after the participant has stopped waiting, having settled it    |
        | answer the payment instruction only after the participant has stopped waiting, without settling it |
        | lose its answer to the payment instruction after settling it                                        |
        | fail with a server error on the payment instruction                                                 |

  Rule: An inquiry is answered with the call's result and the payment's

    @REQ-APLUS-ACQP-INQUIRY @mandatory @negative
    Scenario: An inquiry about a payment Alipay+ never pushed is answered that the order does not exist
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      When Alipay+ asks the participant about a payment of it that it never pushed
      Then the participant answers that the order does not exist

    @REQ-APLUS-ACQP-INQUIRY @mandatory
    Scenario: An inquiry about a credited payment gets the call's success and the payment's, with its time
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      When Alipay+ asks the participant about the payment
      Then the participant answers the call's success and the payment's success, with the payment time it gave

    @REQ-APLUS-ACQP-INQUIRY @mandatory @negative
    Scenario: An inquiry about a payment Bakong refused gets the call's success and the payment's failure
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      And Bakong will refuse the payment instruction because the switch rejects it
      And Alipay+ has pushed the payment of it
      When Alipay+ asks the participant about the payment
      Then the participant answers the call's success and the payment's failure

  Rule: A notified result is final, consistent, and sent again until Alipay+ acknowledges it

    @REQ-APLUS-ACQP-NOTIFY @mandatory
    Scenario: A notified success is consistent with the payment and is not sent again once acknowledged
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      When 4 seconds pass
      And 30 seconds pass
      Then every notification the participant sent Alipay+ is final and consistent with the payment
      And no notification was sent again after Alipay+ acknowledged it

    @REQ-APLUS-ACQP-NOTIFY @mandatory
    Scenario Outline: A notification Alipay+ <how> is sent again until Alipay+ acknowledges it
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      And Alipay+ will <how> the participant's next notification
      When Alipay+ pushes the payment of it
      And 4 seconds pass
      And 4 seconds pass
      Then every notification the participant sent Alipay+ is final and consistent with the payment
      And every notification Alipay+ did not acknowledge was sent again

      Examples:
        | how                                           |
        | answers with an unknown result                |
        | answers with "too many requests"              |
        | answers with a server error that is not JSON  |
        | answers only after the participant gave up    |
        | answers with a signature that does not verify |

    @REQ-APLUS-ACQP-NOTIFY @mandatory
    Scenario: While Bakong's answer is unknown, no notification says the result is unknown
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, decoded for Alipay+
      And Bakong will answer the payment instruction only after the participant has stopped waiting, without settling it
      When Alipay+ pushes the payment of it
      And 4 seconds pass
      Then every notification the participant sent Alipay+ is final and consistent with the payment

  Rule: A merchant's refunds go through Alipay+, once each, never above the payment

    @REQ-APLUS-ACQP-REFUND @mandatory @smoke
    Scenario: A full refund goes through Alipay+ and debits the merchant once
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      When the merchant refunds 5000 riel of the payment
      Then the refund succeeds through Alipay+
      And Alipay+ refunded 5000 riel of the payment in all
      And the merchant was debited 5000 riel for refunds in all

    @REQ-APLUS-ACQP-REFUND @mandatory
    Scenario: Two partial refunds up to the payment both go through, each with its own refund request
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      When the merchant refunds 2000 riel of the payment
      And the merchant refunds 3000 riel of the payment
      Then every refund succeeds through Alipay+, each with its own refundRequestId
      And Alipay+ refunded 5000 riel of the payment in all
      And the merchant was debited 5000 riel for refunds in all

    @REQ-APLUS-ACQP-REFUND @mandatory @negative
    Scenario: A refund above what is left of the payment is refused and debits nothing
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      And the merchant has refunded 4000 riel of the payment
      When the merchant refunds 2000 riel of the payment
      Then the participant refuses the refund
      And Alipay+ refunded 4000 riel of the payment in all
      And the merchant was debited 4000 riel for refunds in all

    @REQ-APLUS-ACQP-REFUND @mandatory
    Scenario Outline: When Alipay+ <how> a refund, the refund is asked again with the same refundRequestId and made once
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      And Alipay+ will <how> the participant's next refund
      When the merchant refunds 2000 riel of the payment
      And 4 seconds pass
      Then Alipay+ was asked for each refund with one refundRequestId only
      And Alipay+ refunded 2000 riel of the payment in all
      And the merchant was debited 2000 riel for refunds in all

      Examples:
        | how                                          |
        | answers with an unknown result               |
        | answers with a server error that is not JSON |
        | answers only after the participant gave up   |

    @REQ-APLUS-ACQP-REFUND @mandatory
    Scenario: The merchant asking again for the same refund gets it once
      Given a merchant of the participant with a riel account
      And the merchant's dynamic KHQR for 5000 riel, paid by an Alipay+ wallet
      When the merchant refunds 2000 riel of the payment
      And the merchant asks again for the same refund
      Then Alipay+ was asked for each refund with one refundRequestId only
      And Alipay+ refunded 2000 riel of the payment in all
      And the merchant was debited 2000 riel for refunds in all
