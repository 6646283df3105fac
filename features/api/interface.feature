@api
Feature: The participant's certification interface is protected and answers in the published formats
  The participant exposes a small certification interface in its sandbox (Participant API v1, defined by this
  harness, see schemas/participant-api). Only the certification operator, holding the participant's access
  token, may use it, every answer follows the published message formats, and no answer carries the credentials
  the participant was called with.

  Background:
    Given the participant's sandbox, which answers the certification interface

  Rule: The certification interface answers only requests that carry its access token

    @REQ-API-AUTH @mandatory @negative @smoke
    Scenario: A request without an access token is refused
      When someone calls the participant's interface without an access token
      Then the call is refused as unauthorised

    @REQ-API-AUTH @mandatory @negative
    Scenario: A request with a wrong access token is refused
      When someone calls the participant's interface with a wrong access token
      Then the call is refused as unauthorised

  Rule: Every answer of the participant follows the published message formats

    @REQ-API-CONTRACT @mandatory @smoke
    Scenario: The participant describes itself in the published format
      When the participant is asked to describe itself
      Then the description follows the published message format

    @REQ-API-CONTRACT @mandatory
    Scenario Outline: The answer to the issuing request "<request>" follows the published format
      Given the issuing request "<request>"
      When the participant is asked to issue a KHQR for it
      Then the answer to the issuing request follows the published message format

      Examples:
        | request                     |
        | merchant-riel-static        |
        | merchant-name-26-characters |

    @REQ-API-CONTRACT @mandatory
    Scenario Outline: The scanner's verdict on "<case>" follows the published format
      Given the KHQR of scan case "<case>"
      When the payer's wallet hands it to the participant's scanner
      Then the scanner's verdict follows the published message format

      Examples:
        | case                |
        | php-merchant-static |
        | crc-does-not-match  |

  Rule: No answer of the participant carries the credentials it was called with, in any encoding

    @REQ-API-NO-CREDENTIALS @mandatory @smoke
    Scenario: Describing itself, the participant does not return its access token
      When the participant is asked to describe itself
      Then no answer carries the credentials it was called with, in any encoding

    @REQ-API-NO-CREDENTIALS @mandatory
    Scenario: Issuing a KHQR, the participant does not return its access token
      Given the issuing request "merchant-riel-static"
      When the participant is asked to issue a KHQR for it
      Then no answer carries the credentials it was called with, in any encoding

    @REQ-API-NO-CREDENTIALS @mandatory
    Scenario: Scanning a KHQR, the participant's scanner does not return its access token
      Given the KHQR of scan case "php-merchant-static"
      When the payer's wallet hands it to the participant's scanner
      Then no answer carries the credentials it was called with, in any encoding

    @REQ-API-NO-CREDENTIALS @mandatory
    Scenario: Connected to Bakong, the participant returns neither its access token nor the credentials Bakong gave it
      When the participant's sandbox is connected to Bakong, which hands it an Open API token
      Then no answer carries the credentials it was called with, in any encoding
